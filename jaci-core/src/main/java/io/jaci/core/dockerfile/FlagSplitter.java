package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes the leading {@code --flag[=value]} words off an instruction's arguments, as BuildKit's
 * {@code extractBuilderFlags} does: quotes group, the escape character takes the next character
 * literally, a lone {@code --} ends the flags.
 */
final class FlagSplitter {
  record Split(List<String> flags, String rest) {}

  private FlagSplitter() {}

  static Split split(String args, char escape) {
    List<String> flags = new ArrayList<>();
    int pos = 0;
    int n = args.length();
    while (true) {
      while (pos < n && Character.isWhitespace(args.charAt(pos))) {
        pos++;
      }
      if (pos + 1 >= n || args.charAt(pos) != '-' || args.charAt(pos + 1) != '-') {
        return new Split(flags, args.substring(Math.min(pos, n)).strip());
      }
      StringBuilder word = new StringBuilder();
      boolean blankOk = false;
      char quote = 0;
      while (pos < n) {
        char c = args.charAt(pos);
        if (quote == 0 && Character.isWhitespace(c)) {
          break;
        }
        pos++;
        if (quote == 0 && (c == '\'' || c == '"')) {
          quote = c;
          blankOk = true;
        } else if (quote != 0 && c == quote) {
          quote = 0;
        } else if (c == escape) {
          if (pos < n) {
            word.append(args.charAt(pos++));
          } else {
            quote = 0;
          }
        } else {
          word.append(c);
        }
      }
      String w = word.toString();
      if (w.equals("--")) {
        return new Split(flags, args.substring(pos).strip());
      }
      if (blankOk || !w.isEmpty()) {
        flags.add(w);
      }
    }
  }
}
