package io.jaci.core.dockerfile;

import java.util.Collection;
import java.util.Locale;

/** The nearest valid name to a misspelt one, by edit distance, for error messages. */
final class Suggest {
  private Suggest() {}

  /**
   * {@code " (did you mean X?)"} for the candidate nearest {@code word} if it is close enough
   * (at most a third of its length, and at least 1 edit), else {@code ""}.
   */
  static String didYouMean(String word, Collection<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.length() > 64) {
      return "";
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.max(w.length(), best == null ? 0 : best.length()) / 3);
    return best != null && bestDistance <= allowed ? " (did you mean " + best + "?)" : "";
  }

  /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
  static int distance(String a, String b) {
    int[] before = new int[b.length() + 1];
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          cur[j] = Math.min(cur[j], before[j - 2] + 1);
        }
      }
      int[] t = before;
      before = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
