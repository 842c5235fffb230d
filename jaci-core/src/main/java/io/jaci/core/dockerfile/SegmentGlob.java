package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Go {@code filepath.Match} pattern, checked as Go checks it: {@code *} and {@code ?} never
 * match a {@code /}; a class {@code [...]} may be negated with {@code ^}, holds at least one
 * character or range, and its {@code -} and {@code ]} must be escaped with {@code \} where
 * they are not syntax. With {@code doubleStar} (.dockerignore), {@code **} matches any number
 * of segments, none included. Matching simulates the pattern's states over the text, in
 * O(text x pattern) whatever the pattern ({@code *a*a*a*a*b} makes a backtracking regex
 * exponential on a long name), so a hostile .dockerignore cannot stall a build.
 */
final class SegmentGlob {
  /** One token: a single character's class (a regex), or a star of one of three kinds. */
  private record Token(Pattern oneChar, int star) {}

  private static final int NONE = 0;
  private static final int STAR = 1; // any run without /
  private static final int ANYTHING = 2; // ** at the end: any run
  private static final int DIRECTORIES = 3; // **/ : empty, or any run ending with /

  private final List<Token> tokens;

  private SegmentGlob(List<Token> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  /**
   * The compiled {@code glob}.
   *
   * @throws IllegalArgumentException for a pattern Go calls bad, saying why
   */
  static SegmentGlob compile(String glob, boolean doubleStar) {
    List<Token> out = new ArrayList<>();
    String re = of(glob, doubleStar);
    // of() writes one unit per token: "\u0000S" for *, "\u0000A" for **, "\u0000D" for **/
    for (String unit : re.split("\u0001", -1)) {
      if (unit.isEmpty()) {
        continue;
      }
      switch (unit) {
        case "\u0000S" -> out.add(new Token(null, STAR));
        case "\u0000A" -> out.add(new Token(null, ANYTHING));
        case "\u0000D" -> {
          if (out.isEmpty() || out.get(out.size() - 1).star() != DIRECTORIES) {
            out.add(new Token(null, DIRECTORIES)); // **/**/ is **/
          }
        }
        default -> out.add(new Token(Pattern.compile(unit), NONE));
      }
    }
    return new SegmentGlob(out);
  }

  /** Whether the whole of {@code text} matches. */
  boolean matches(String text) {
    int m = tokens.size();
    // state i: before token i; state m + 1 + i: inside a DIRECTORIES token i (no empty exit)
    boolean[] cur = new boolean[2 * m + 2];
    cur[0] = true;
    close(cur);
    for (int k = 0; k < text.length(); ) {
      int cp = text.codePointAt(k);
      k += Character.charCount(cp);
      String ch = new String(Character.toChars(cp));
      boolean[] next = new boolean[2 * m + 2];
      for (int i = 0; i < m; i++) {
        boolean before = cur[i];
        boolean inside = cur[m + 1 + i];
        if (!before && !inside) {
          continue;
        }
        Token t = tokens.get(i);
        switch (t.star()) {
          case STAR -> next[i] |= before && cp != '/';
          case ANYTHING -> next[i] |= before;
          case DIRECTORIES -> {
            next[m + 1 + i] = true;
            next[i + 1] |= cp == '/';
          }
          default -> next[i + 1] |= before && t.oneChar().matcher(ch).matches();
        }
      }
      close(next);
      cur = next;
    }
    return cur[m];
  }

  /** Adds the states reachable without a character: past stars, which may match nothing. */
  private void close(boolean[] states) {
    for (int i = 0; i < tokens.size(); i++) {
      if (states[i] && tokens.get(i).star() != NONE) {
        states[i + 1] = true;
      }
    }
  }

  /** Whether {@code text} holds a character with a meaning in a pattern. */
  static boolean isPattern(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0
        || text.indexOf('\\') >= 0;
  }

  /** The tokens of {@code glob}, each between two U+0001, stars marked with U+0000. */
  private static String of(String glob, boolean doubleStar) {
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
          re.append(i >= n ? "\u0001\u0000A\u0001" : "\u0001\u0000D\u0001");
          continue;
        }
        re.append("\u0001\u0000S\u0001");
        i++;
      } else if (c == '?') {
        re.append("\u0001[^/]\u0001");
        i++;
      } else if (c == '\\') {
        if (i + 1 >= n) {
          throw bad(glob, "it ends with an escape \\");
        }
        int cp = glob.codePointAt(i + 1);
        re.append('\u0001').append(literal(cp)).append('\u0001');
        i += 1 + Character.charCount(cp);
      } else if (c == '[') {
        re.append('\u0001');
        i = charClass(glob, i + 1, re);
        re.append('\u0001');
      } else {
        int cp = glob.codePointAt(i);
        re.append('\u0001').append(literal(cp)).append('\u0001');
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
