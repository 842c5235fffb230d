package io.jaci.core.aci;

import io.jaci.core.ShortText;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one input, as many as a reader takes in: the first {@link #SHOWN},
 * each cut to {@link #MAX_LINE} characters, and a count of the rest. A tarball of a million
 * misplaced entries is reported in a screenful, and holds no memory per entry.
 */
final class ProblemList {
  static final int SHOWN = 20;
  static final int MAX_LINE = 300;

  private final List<String> shown = new ArrayList<>();
  private long count;

  void add(String problem) {
    count++;
    if (shown.size() < SHOWN) {
      shown.add(ShortText.cut(problem, MAX_LINE));
    }
  }

  void addAll(List<String> problems) {
    problems.forEach(this::add);
  }

  /** Every problem, counted, shown or not. */
  long count() {
    return count;
  }

  /** The problems shown, then {@code ... and N more} when there were more. */
  List<String> lines() {
    List<String> lines = new ArrayList<>(shown);
    if (count > shown.size()) {
      lines.add("... and " + (count - shown.size()) + " more");
    }
    return lines;
  }
}
