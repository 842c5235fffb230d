package io.jaci.core.dockerfile;

/** The modifiers of {@code ${name...}}: defaults, alternatives, checks, trims, replacements. */
final class Substitutions {
  private Substitutions() {}

  /** {@code ${name-w}}, {@code :-}, {@code +}, {@code :+}, {@code ?}, {@code :?}, #, ##, %, %%. */
  static String apply(WordLexer lx, String name, int modifier, boolean nullIsUnset, String word)
      throws DockerfileException {
    String value = lx.lookup(name);
    boolean unset = value == null || (nullIsUnset && value.isEmpty());
    switch (modifier) {
      case '-':
        return unset ? word : value;
      case '+':
        return unset ? "" : word;
      case '?':
        if (value == null) {
          throw lx.fail(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
        }
        if (unset) {
          throw lx.fail(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
        }
        return value;
      default:
        return trim(lx, value == null ? "" : value, modifier, word);
    }
  }

  private static String trim(WordLexer lx, String value, int modifier, String word)
      throws DockerfileException {
    boolean longest = !word.isEmpty() && word.charAt(0) == modifier;
    GlobPattern p = GlobPattern.compile(longest ? word.substring(1) : word);
    int[] v = value.codePoints().toArray();
    if (modifier == '#') {
      int end = p.prefixEnd(v, longest);
      return end < 0 ? value : new String(v, end, v.length - end);
    }
    int[] reversed = reverse(v);
    int end = p.reversed().prefixEnd(reversed, longest);
    return end < 0 ? value : new String(v, 0, v.length - end);
  }

  /** {@code ${name/pattern/replacement}} and {@code ${name//pattern/replacement}}. */
  static String replace(WordLexer lx, String name) throws DockerfileException {
    boolean all = lx.peekIs('/');
    if (all) {
      lx.skip();
    }
    String pattern = lx.until('/', true);
    String replacement = lx.until('}', true);
    String value = lx.lookup(name);
    if (value == null) {
      return "";
    }
    GlobPattern p = GlobPattern.compile(pattern);
    String repl = replacement; // inserted as written, escapes kept (as BuildKit does)
    int[] v = value.codePoints().toArray();
    StringBuilder out = new StringBuilder();
    int from = 0;
    int copied = 0;
    int lastEnd = -1;
    while (from <= v.length) {
      int[] m = p.find(v, from);
      if (m == null) {
        break;
      }
      if (m[0] == m[1] && m[0] == lastEnd) {
        // an empty match right after the previous match does not count (as in Go)
        from = m[0] + 1;
        continue;
      }
      out.append(new String(v, copied, m[0] - copied)).append(repl);
      copied = m[1];
      lastEnd = m[1];
      from = m[1] > m[0] ? m[1] : m[1] + 1;
      if (!all) {
        break;
      }
      if (m[1] == m[0] && m[0] < v.length) {
        out.appendCodePoint(v[m[0]]);
        copied = m[0] + 1;
      }
    }
    out.append(new String(v, copied, v.length - copied));
    return out.toString();
  }

  private static int[] reverse(int[] a) {
    int[] r = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[a.length - 1 - i];
    }
    return r;
  }
}
