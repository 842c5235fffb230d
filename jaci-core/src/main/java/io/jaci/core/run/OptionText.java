package io.jaci.core.run;

import io.jaci.core.spec.AcName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A comma-separated option value as rkt's {@code --volume} and {@code --mount} take it: an
 * optional leading name, then {@code key=value} pairs, each key once and from a known set.
 */
final class OptionText {
  private final String option;
  private final String text;
  private final String name;
  private final Map<String, String> values;

  private OptionText(String option, String text, String name, Map<String, String> values) {
    this.option = option;
    this.text = text;
    this.name = name;
    this.values = values;
  }

  static OptionText parse(String option, String text, boolean leadingName, Set<String> keys) {
    String[] parts = text.split(",", -1);
    String name = null;
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      int eq = part.indexOf('=');
      if (i == 0 && leadingName) {
        if (eq >= 0) {
          throw bad(option, text, "it must start with the volume's name, e.g. data,kind=empty");
        }
        name = part;
        continue;
      }
      if (eq <= 0) {
        throw bad(option, text, "\"" + part + "\" is not KEY=VALUE (keys: "
            + String.join(", ", keys.stream().sorted().toList()) + ")");
      }
      String key = part.substring(0, eq);
      if (!keys.contains(key)) {
        throw bad(option, text, "unknown key \"" + key + "\" (keys: "
            + String.join(", ", keys.stream().sorted().toList()) + ")");
      }
      if (values.put(key, part.substring(eq + 1)) != null) {
        throw bad(option, text, key + " is given twice");
      }
    }
    return new OptionText(option, text, name, values);
  }

  private static IllegalArgumentException bad(String option, String text, String why) {
    return new IllegalArgumentException(option + " " + text + ": " + why);
  }

  IllegalArgumentException bad(String why) {
    return bad(option, text, why);
  }

  AcName name(String what) {
    try {
      return AcName.parse(name);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage() + " (the " + what + ")");
    }
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  String value(String key) {
    return values.get(key);
  }

  String required(String key, String what) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw bad(key + "= is missing: give " + what);
    }
    return value;
  }

  boolean bool(String key) {
    String value = values.get(key);
    if (value == null) {
      return false;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(key + "=" + value + " must be true or false");
    };
  }

  long id(String key) {
    String value = values.get(key);
    if (value == null) {
      return 0;
    }
    if (!value.matches("[0-9]{1,10}") || Long.parseLong(value) > 4294967294L) {
      throw bad(key + "=" + value + " must be a number from 0 to 4294967294");
    }
    return Long.parseLong(value);
  }
}
