package io.jaci.core.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code pathWhitelist} of an image: when not empty, the rendered root filesystem holds only
 * these absolute paths.
 */
public final class PathWhitelist {
  private static final PathWhitelist EMPTY = new PathWhitelist(List.of());

  private final List<String> paths;
  private final Set<String> set;

  private PathWhitelist(List<String> paths) {
    this.paths = paths;
    this.set = Set.copyOf(new HashSet<>(paths));
  }

  /** No whitelist: every path is kept. */
  public static PathWhitelist empty() {
    return EMPTY;
  }

  /**
   * A whitelist of these paths, in order.
   *
   * @throws IllegalArgumentException naming every path that is not absolute
   */
  public static PathWhitelist of(List<String> paths) {
    List<String> copy = List.copyOf(paths);
    Problems problems = Problems.collecting();
    check(problems, copy);
    problems.throwIfAny();
    return copy.isEmpty() ? EMPTY : new PathWhitelist(copy);
  }

  static void check(Problems problems, List<String> paths) {
    for (int i = 0; i < paths.size(); i++) {
      if (!paths.get(i).startsWith("/")) {
        problems.at(i).add("\"" + paths.get(i) + "\" must be an absolute path");
      }
    }
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  /** True if {@code path} is listed exactly. */
  public boolean contains(String path) {
    return set.contains(path);
  }

  /** The paths in order (unmodifiable). */
  public List<String> asList() {
    return paths;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathWhitelist other && paths.equals(other.paths);
  }

  @Override
  public int hashCode() {
    return paths.hashCode();
  }

  @Override
  public String toString() {
    return paths.toString();
  }
}
