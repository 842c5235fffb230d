package io.jaci.core.dockerfile;

/**
 * Translates a Go {@code filepath.Match} pattern into a Java regular expression, checking it
 * as Go does: {@code *} and {@code ?} never match a {@code /}; a class {@code [...]} may be
 * negated with {@code ^}, holds at least one character or range, and its {@code -} and
 * {@code ]} must be escaped with {@code \} where they are not syntax. With {@code doubleStar}
 * (.dockerignore), {@code **} matches any number of segments, none included.
 */
final class GlobRegex {
  private GlobRegex() {}

  /** Whether {@code text} holds a character with a meaning in a pattern. */
  static boolean isPattern(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0
        || text.indexOf('\\') >= 0;
  }

  /**
   * The regular expression matching what {@code glob} matches (whole strings).
   *
   * @throws IllegalArgumentException for a pattern Go calls bad, saying why
   */
  static String of(String glob, boolean doubleStar) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    int n = glob.length();
    while (i < n) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (doubleStar && i + 1 < n && glob.charAt(i + 1) == '*') {
          i += 2;
          if (i < n && glob.charAt(i) == '/') {
            i++;
          }
          re.append(i >= n ? ".*" : "(?:.*/)?");
          continue;
        }
        re.append("[^/]*");
        i++;
      } else if (c == '?') {
        re.append("[^/]");
        i++;
      } else if (c == '\\') {
        if (i + 1 >= n) {
          throw bad(glob, "it ends with an escape \\");
        }
        int cp = glob.codePointAt(i + 1);
        re.append(literal(cp));
        i += 1 + Character.charCount(cp);
      } else if (c == '[') {
        i = charClass(glob, i + 1, re);
      } else {
        int cp = glob.codePointAt(i);
        re.append(literal(cp));
        i += Character.charCount(cp);
      }
    }
    return re.toString();
  }

  /** Appends the class starting after its {@code [}; returns the index after its {@code ]}. */
  private static int charClass(String glob, int start, StringBuilder re) {
    int i = start;
    int n = glob.length();
    StringBuilder cls = new StringBuilder("[");
    if (i < n && glob.charAt(i) == '^') {
      cls.append('^');
      i++;
    }
    int items = 0;
    while (true) {
      if (i >= n) {
        throw bad(glob, "a [ class is not closed with ]");
      }
      if (glob.charAt(i) == ']' && items > 0) {
        re.append(cls).append(']');
        return i + 1;
      }
      int[] lo = classChar(glob, i);
      i = lo[1];
      if (i < n && glob.charAt(i) == '-') {
        int[] hi = classChar(glob, i + 1);
        i = hi[1];
        cls.append(literalInClass(lo[0])).append('-').append(literalInClass(hi[0]));
      } else {
        cls.append(literalInClass(lo[0]));
      }
      items++;
    }
  }

  /** One character of a class, escaped or not: {code point, next index}. */
  private static int[] classChar(String glob, int i) {
    int n = glob.length();
    if (i >= n) {
      throw bad(glob, "a [ class is not closed with ]");
    }
    char c = glob.charAt(i);
    if (c == '-' || c == ']') {
      throw bad(glob, "an unescaped " + c + " in a [ class (write \\" + c + ")");
    }
    if (c == '\\') {
      if (i + 1 >= n) {
        throw bad(glob, "it ends with an escape \\");
      }
      int cp = glob.codePointAt(i + 1);
      return new int[] {cp, i + 1 + Character.charCount(cp)};
    }
    int cp = glob.codePointAt(i);
    return new int[] {cp, i + Character.charCount(cp)};
  }

  private static String literal(int codePoint) {
    return codePoint < 128 && Character.isLetterOrDigit(codePoint)
        ? String.valueOf((char) codePoint) : String.format("\\x{%x}", codePoint);
  }

  private static String literalInClass(int codePoint) {
    return String.format("\\x{%x}", codePoint);
  }

  private static IllegalArgumentException bad(String glob, String why) {
    return new IllegalArgumentException("bad pattern \"" + glob + "\": " + why);
  }
}
