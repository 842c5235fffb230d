package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of a {@code .dockerignore} file and the rule that says whether a path of the
 * build context is left out, as Docker's pattern matcher has it: each line a pattern with Go's
 * {@code filepath.Match} syntax per path segment ({@code *}, {@code ?}, {@code [a-z]},
 * {@code [^a]}, {@code \} escapes), {@code **} for any number of segments, {@code !} for an
 * exception, {@code #} for a comment line; a leading {@code /} or {@code ./} and other unclean
 * parts are cleaned away. The last pattern that matches a path, or one of its parent
 * directories, decides; a path no pattern matches is kept.
 *
 * <p>The Dockerfile and the {@code .dockerignore} file are read whatever the patterns say,
 * but COPY and ADD see them only when the patterns keep them, as in Docker.
 */
public final class IgnorePatterns {
  /** No pattern: everything is kept. */
  public static final IgnorePatterns NONE = new IgnorePatterns(List.of());

  private record Rule(String text, SegmentGlob glob, boolean exception) {}

  private final List<Rule> rules;

  private IgnorePatterns(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Reads the text of a {@code .dockerignore} file.
   *
   * @throws IllegalArgumentException one line naming the line number and the bad pattern
   */
  public static IgnorePatterns parse(String fileText) {
    List<String> patterns = new ArrayList<>();
    String[] lines = fileText.split("\n", -1);
    for (String line : lines) {
      patterns.add(line.startsWith("#") ? "" : line);
    }
    return of(patterns);
  }

  /**
   * The patterns {@code lines}, in order; empty lines are skipped.
   *
   * @throws IllegalArgumentException naming the line (1-based) and what is wrong with it
   */
  public static IgnorePatterns of(List<String> lines) {
    List<Rule> rules = new ArrayList<>();
    int number = 0;
    for (String raw : lines) {
      number++;
      String p = raw.strip();
      if (p.isEmpty()) {
        continue;
      }
      boolean exception = p.startsWith("!");
      if (exception) {
        p = p.substring(1).strip();
        if (p.isEmpty()) {
          throw new IllegalArgumentException(".dockerignore line " + number
              + ": \"!\" alone excludes nothing; write the exception's pattern after it");
        }
      }
      p = clean(p);
      if (p.length() > 1 && p.startsWith("/")) {
        p = p.substring(1);
      }
      try {
        rules.add(new Rule(p, SegmentGlob.compile(p, true), exception));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(".dockerignore line " + number + ": "
            + e.getMessage());
      }
    }
    return new IgnorePatterns(rules);
  }

  /** Whether there is any pattern. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /** Whether some pattern is an exception ({@code !}): then no excluded directory is skipped. */
  public boolean hasExceptions() {
    return rules.stream().anyMatch(Rule::exception);
  }

  /**
   * Whether {@code path} (relative to the context, {@code /}-separated) is left out: the last
   * pattern that matches it or one of its parent directories decides.
   */
  public boolean excludes(String path) {
    String parent = parentOf(path);
    String[] parentDirs = parent.equals(".") ? new String[0] : parent.split("/");
    boolean excluded = false;
    for (Rule r : rules) {
      if (r.exception() && !excluded) {
        continue; // an exception changes nothing about a path that is kept
      }
      boolean match = r.glob().matches(path);
      for (int i = 0; !match && i < parentDirs.length; i++) {
        match = r.glob().matches(String.join("/", List.of(parentDirs).subList(0, i + 1)));
      }
      if (match) {
        excluded = !r.exception();
      }
    }
    return excluded;
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/'); // Go's filepath.Dir: "a/b/" has the parent "a/b"
    return slash < 0 ? "." : slash == 0 ? "/" : clean(path.substring(0, slash));
  }

  /** Go's {@code path.Clean}: no empty, {@code .} or inner {@code ..} segments. */
  static String clean(String path) {
    boolean rooted = path.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
          continue;
        }
        if (rooted) {
          continue;
        }
      }
      out.add(part);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  @Override
  public String toString() {
    return rules.stream().map(r -> (r.exception() ? "!" : "") + r.text()).toList().toString();
  }
}
