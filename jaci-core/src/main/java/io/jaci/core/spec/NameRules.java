package io.jaci.core.spec;

/** The shared rule of AC identifiers and AC names: lower-case words joined by separators. */
final class NameRules {
  private NameRules() {}

  /** Returns null if {@code s} follows the rule, else why it does not (naming the position). */
  static String problem(String s, String separators) {
    if (s.isEmpty()) {
      return "must not be empty";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean separator = separators.indexOf(c) >= 0;
      if (c >= 'A' && c <= 'Z') {
        return "upper-case letter at " + i;
      }
      if (!separator && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
        return "character '" + c + "' at " + i + " is not allowed (only a-z, 0-9 and "
            + separatorList(separators) + ")";
      }
      if (separator && i == 0) {
        return "must start with a letter or digit, not '" + c + "'";
      }
      if (separator && i == s.length() - 1) {
        return "must end with a letter or digit, not '" + c + "'";
      }
      if (separator && separators.indexOf(s.charAt(i - 1)) >= 0) {
        return "separator '" + c + "' at " + i + " follows another separator";
      }
    }
    return null;
  }

  private static String separatorList(String separators) {
    return separators.length() == 1 ? "'" + separators + "'" : "\"" + separators + "\"";
  }
}
