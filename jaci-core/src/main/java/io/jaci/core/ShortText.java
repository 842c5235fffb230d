package io.jaci.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what jaci tells its user short whatever the input holds: an entry name of a megabyte
 * or a dependency chain of a thousand images is shown by its ends.
 */
public final class ShortText {
  /** The longest message jaci prints as one line. */
  public static final int MAX_MESSAGE = 400;

  /** How many links a chain shows at each end. */
  static final int CHAIN_ENDS = 3;

  private ShortText() {}

  /**
   * {@code text} if it has at most {@code max} characters, else its start and its end (where
   * a message usually says why) with {@code …} between them, {@code max} characters in all.
   */
  public static String cut(String text, int max) {
    if (max < 3) {
      throw new IllegalArgumentException("max " + max + ": too short to cut to");
    }
    if (text.length() <= max) {
      return text;
    }
    int tail = (max - 1) / 3;
    int head = max - 1 - tail;
    return text.substring(0, head) + "…" + text.substring(text.length() - tail);
  }

  /**
   * {@code a -> b -> c}; a chain of more than {@code 2 * 3} links shows its first and last
   * three: {@code a -> b -> c -> ... -> x -> y -> z}. Each link is cut to 80 characters.
   */
  public static String chain(List<String> links) {
    List<String> shown = new ArrayList<>();
    if (links.size() <= 2 * CHAIN_ENDS) {
      links.forEach(l -> shown.add(cut(l, 80)));
    } else {
      links.subList(0, CHAIN_ENDS).forEach(l -> shown.add(cut(l, 80)));
      shown.add("...");
      links.subList(links.size() - CHAIN_ENDS, links.size()).forEach(l -> shown.add(cut(l, 80)));
    }
    return String.join(" -> ", shown);
  }
}
