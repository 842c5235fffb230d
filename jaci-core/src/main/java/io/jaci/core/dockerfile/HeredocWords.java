package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the heredoc words ({@code <<EOF}, {@code <<-EOF}, {@code 3<<'EOF'}) of a command line:
 * the line is split into words the way the shell would (quotes kept), and a word that is
 * {@code [fd]<<[-]DELIM} opens a heredoc. A delimiter with quotes turns expansion off.
 */
final class HeredocWords {
  private static final Pattern HEREDOC = Pattern.compile("(\\d*)<<(-?)([^<]*)");

  private HeredocWords() {}

  /** The heredocs {@code line} opens, in order, with empty contents. */
  static List<Heredoc> find(String line, char escape) {
    List<Heredoc> out = new ArrayList<>();
    for (String word : rawWords(line, escape)) {
      Matcher m = HEREDOC.matcher(word);
      if (!m.matches() || m.group(3).isEmpty()) {
        continue;
      }
      String delim = m.group(3);
      String name = unquote(delim, escape);
      if (name.isEmpty()) {
        continue;
      }
      boolean quoted = delim.indexOf('\'') >= 0 || delim.indexOf('"') >= 0;
      int fd = m.group(1).isEmpty() || m.group(1).length() > 9 ? 0
          : Integer.parseInt(m.group(1));
      out.add(new Heredoc(name, "", !quoted, m.group(2).equals("-"), fd));
    }
    return out;
  }

  /** Whether {@code word} is a heredoc word ({@code <<EOF}). */
  static boolean isHeredoc(String word) {
    Matcher m = HEREDOC.matcher(word);
    return m.matches() && !m.group(3).isEmpty();
  }

  /**
   * Words split on unquoted whitespace, quotes and escapes kept as written; an unterminated
   * quote runs to the end (the shell reports it when the command runs).
   */
  static List<String> rawWords(String line, char escape) {
    List<String> words = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == 0 && Character.isWhitespace(c)) {
        if (inWord) {
          words.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      cur.append(c);
      if (c == escape && quote != '\'' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
    }
    if (inWord) {
      words.add(cur.toString());
    }
    return words;
  }

  /** {@code word} with quotes and escapes removed. */
  private static String unquote(String word, char escape) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == escape && quote != '\'' && i + 1 < word.length()) {
        out.append(word.charAt(++i));
      } else if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
