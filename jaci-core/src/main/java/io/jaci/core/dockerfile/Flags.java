package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --flags} of one instruction, checked against the flags it takes: an unknown flag
 * names the nearest valid one, a string flag needs a value, a boolean flag takes none or
 * {@code true}/{@code false}, only list flags may repeat.
 */
final class Flags {
  enum Kind { STRING, BOOL, LIST }

  private final String instruction;
  private final Map<String, Kind> allowed = new LinkedHashMap<>();
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  Flags(String instruction) {
    this.instruction = instruction;
  }

  Flags allow(Kind kind, String... names) {
    for (String n : names) {
      allowed.put(n, kind);
    }
    return this;
  }

  /** Checks {@code words} ({@code --name[=value]}) against what was allowed. */
  Flags parse(List<String> words) throws DockerfileException {
    for (String w : words) {
      if (!w.startsWith("--")) {
        throw new DockerfileException(0, "invalid flag \"" + cut(w) + "\" on " + instruction
            + " (flags look like --name=value)");
      }
      int eq = w.indexOf('=');
      String name = (eq < 0 ? w.substring(2) : w.substring(2, eq)).toLowerCase(Locale.ROOT);
      Kind kind = allowed.get(name);
      if (kind == null) {
        throw new DockerfileException(0, "unknown flag --" + cut(name) + " on " + instruction
            + Suggest.didYouMean("--" + name, allowed.keySet().stream().map(k -> "--" + k)
                .toList())
            + (allowed.isEmpty() ? " (" + instruction + " takes no flags)" : ""));
      }
      String value = eq < 0 ? null : w.substring(eq + 1);
      if (kind == Kind.STRING && value == null) {
        throw new DockerfileException(0, "missing a value on flag --" + name + " of "
            + instruction + " (--" + name + "=VALUE)");
      }
      if (kind == Kind.BOOL && value != null) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          throw new DockerfileException(0, "flag --" + name + " of " + instruction
              + " is true or false, not \"" + cut(value) + "\"");
        }
      }
      List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
      if (kind != Kind.LIST && !list.isEmpty()) {
        throw new DockerfileException(0, "flag --" + name + " given twice on " + instruction);
      }
      list.add(value == null ? "true" : value);
    }
    return this;
  }

  /** The value of a string flag, or null when not given. */
  String string(String name) {
    List<String> l = values.get(name);
    return l == null ? null : l.get(0);
  }

  /** A boolean flag: null when not given. */
  Boolean bool(String name) {
    String v = string(name);
    return v == null ? null : v.equalsIgnoreCase("true");
  }

  /** The values of a list flag, in order. */
  List<String> list(String name) {
    return values.getOrDefault(name, List.of());
  }

  private static String cut(String s) {
    return io.jaci.core.ShortText.cut(s, 60);
  }
}
