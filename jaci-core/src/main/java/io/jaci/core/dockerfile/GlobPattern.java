package io.jaci.core.dockerfile;

import java.util.Arrays;

/**
 * A shell pattern of {@code ${v#p}}, {@code ${v%p}} and {@code ${v/p/r}}: {@code *} any run,
 * {@code ?} any one character, {@code \*}, {@code \?}, {@code \\} those characters, and
 * {@code \}} and {@code \/} a plain {@code }} and {@code /}. Matched by a state-set simulation,
 * O(value x pattern), so no pattern makes matching slow (a backtracking regex would).
 */
final class GlobPattern {
  private static final int STAR = -1;
  private static final int ANY = -2;

  /** Literal code points, or STAR, or ANY. */
  private final int[] tokens;

  private GlobPattern(int[] tokens) {
    this.tokens = tokens;
  }

  static GlobPattern compile(String pattern) throws DockerfileException {
    int[] cps = pattern.codePoints().toArray();
    int[] out = new int[cps.length];
    int n = 0;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '*') {
        out[n++] = STAR;
      } else if (c == '?') {
        out[n++] = ANY;
      } else if (c == '\\') {
        if (i + 1 < cps.length && (cps[i + 1] == '}' || cps[i + 1] == '/')) {
          continue; // the escape is part of ${...} syntax, not of the pattern
        }
        if (i + 1 >= cps.length || (cps[i + 1] != '*' && cps[i + 1] != '?'
            && cps[i + 1] != '\\')) {
          throw new DockerfileException(0, "invalid pattern (" + io.jaci.core.ShortText.cut(
              pattern, 60) + ") in substitution: escape only *, ? or \\");
        }
        out[n++] = cps[++i];
      } else {
        out[n++] = c;
      }
    }
    return new GlobPattern(Arrays.copyOf(out, n));
  }

  /** This pattern read backwards, for matching suffixes as prefixes of the reversed value. */
  GlobPattern reversed() {
    int[] r = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      r[i] = tokens[tokens.length - 1 - i];
    }
    return new GlobPattern(r);
  }

  /**
   * The end of the shortest (or longest) prefix of {@code value} the pattern matches, or -1.
   */
  int prefixEnd(int[] value, boolean longest) {
    int[] m = leftmost(value, 0, true, longest);
    return m == null ? -1 : m[1];
  }

  /**
   * The leftmost match at or after {@code from}, longest at that start: {start, end}, or null.
   */
  int[] find(int[] value, int from) {
    return leftmost(value, from, false, true);
  }

  /**
   * One pass over {@code value}: each live state carries the smallest start it was reached
   * from; the first start that reaches the end state wins.
   */
  private int[] leftmost(int[] value, int from, boolean anchored, boolean longest) {
    int m = tokens.length;
    int[] start = new int[m + 1];
    int[] next = new int[m + 1];
    Arrays.fill(start, -1);
    int bestStart = -1;
    int bestEnd = -1;
    for (int p = from; ; p++) {
      if (bestStart < 0 && (!anchored || p == from) && start[0] < 0) {
        start[0] = p;
      }
      closure(start);
      if (start[m] >= 0 && (bestStart < 0 || start[m] < bestStart
          || (start[m] == bestStart && longest))) {
        bestStart = start[m];
        bestEnd = p;
        if (!longest) {
          return new int[] {bestStart, bestEnd};
        }
      }
      if (p >= value.length) {
        break;
      }
      Arrays.fill(next, -1);
      boolean alive = false;
      for (int i = 0; i < m; i++) {
        int s = start[i];
        if (s < 0 || (bestStart >= 0 && s > bestStart)) {
          continue;
        }
        int t = tokens[i];
        int to = t == STAR ? i : (t == ANY || t == value[p]) ? i + 1 : -1;
        if (to >= 0 && (next[to] < 0 || s < next[to])) {
          next[to] = s;
          alive = true;
        }
      }
      int[] swap = start;
      start = next;
      next = swap;
      if (!alive && (bestStart >= 0 || anchored)) {
        break;
      }
    }
    return bestStart < 0 ? null : new int[] {bestStart, bestEnd};
  }

  /** A star may match nothing: its state also stands at the token after it. */
  private void closure(int[] start) {
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] == STAR && start[i] >= 0 && (start[i + 1] < 0 || start[i] < start[i + 1])) {
        start[i + 1] = start[i];
      }
    }
  }
}
