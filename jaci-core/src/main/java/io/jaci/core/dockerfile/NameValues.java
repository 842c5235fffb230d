package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code name=value} words of {@code ENV}, {@code LABEL} and {@code ARG}: split on unquoted
 * whitespace with quotes and escapes kept (the expander removes them), as BuildKit's
 * {@code parseWords}; also the legacy {@code ENV name value with spaces}.
 */
final class NameValues {
  private NameValues() {}

  static List<KeyValue> pairs(String kw, String rest, char escape) throws DockerfileException {
    List<String> words = HeredocWords.rawWords(rest, escape);
    if (words.isEmpty()) {
      throw new DockerfileException(0, kw + " requires at least one argument");
    }
    List<KeyValue> out = new ArrayList<>();
    if (!words.get(0).contains("=")) {
      String[] parts = rest.strip().split("[\\t\\n\\x0B\\f\\r ]+", 2);
      if (parts.length < 2) {
        throw new DockerfileException(0, kw + " must have two arguments (" + kw
            + " NAME=VALUE)");
      }
      out.add(new KeyValue(parts[0], parts[1]));
      return out;
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq < 0) {
        throw new DockerfileException(0, "syntax error - can't find = in \""
            + io.jaci.core.ShortText.cut(w, 60) + "\" (" + kw + " NAME=VALUE)");
      }
      if (eq == 0) {
        throw new DockerfileException(0, kw + " names can not be blank");
      }
      out.add(new KeyValue(w.substring(0, eq), w.substring(eq + 1)));
    }
    return out;
  }

  static List<KeyValue> args(String rest, char escape) throws DockerfileException {
    List<String> words = HeredocWords.rawWords(rest, escape);
    if (words.isEmpty()) {
      throw new DockerfileException(0, "ARG requires at least one argument");
    }
    List<KeyValue> out = new ArrayList<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      String name = eq < 0 ? w : w.substring(0, eq);
      if (name.isEmpty()) {
        throw new DockerfileException(0, "ARG names can not be blank");
      }
      out.add(new KeyValue(name, eq < 0 ? null : w.substring(eq + 1)));
    }
    return out;
  }
}
