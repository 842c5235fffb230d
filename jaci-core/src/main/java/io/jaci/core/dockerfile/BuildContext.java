package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.fs.TreePaths;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The build context: a directory whose files COPY and ADD read, less what its
 * {@code .dockerignore} leaves out. Every source is found inside it: {@code ..} above the
 * context, or a symlink whose target leads out of it, is refused; a leading {@code /} means
 * the context's root, as in Docker.
 */
public final class BuildContext {
  /** The name of the ignore file at the context's root. */
  public static final String IGNORE_FILE = ".dockerignore";
  private static final long MAX_IGNORE_BYTES = 1L << 20;

  private final Path root;
  private final IgnorePatterns ignore;
  private final boolean chrooted;

  private BuildContext(Path root, IgnorePatterns ignore, boolean chrooted) {
    this.root = root;
    this.ignore = ignore;
    this.chrooted = chrooted;
  }

  /**
   * The context {@code dir}, with the patterns of its {@code .dockerignore} if it has one.
   *
   * @throws JaciException when {@code dir} is not a directory or the ignore file is bad
   */
  public static BuildContext open(Path dir) throws JaciException {
    Path root = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new JaciException(dir + ": the build context must be a directory");
    }
    Path file = root.resolve(IGNORE_FILE);
    IgnorePatterns patterns = IgnorePatterns.NONE;
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      try {
        if (Files.size(file) > MAX_IGNORE_BYTES) {
          throw new JaciException(file + ": over 1 MiB; a .dockerignore that large is a mistake");
        }
        patterns = IgnorePatterns.parse(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new JaciException(IoMessages.about(file, e), e);
      } catch (IllegalArgumentException e) {
        throw new JaciException(file + ": " + e.getMessage());
      }
    }
    return new BuildContext(root, patterns, false);
  }

  /** A context with the given patterns instead of its ignore file's. */
  public static BuildContext of(Path dir, IgnorePatterns patterns) {
    return new BuildContext(dir.toAbsolutePath().normalize(), Objects.requireNonNull(patterns),
        false);
  }

  /**
   * The rootfs of an earlier stage as a source of {@code COPY --from}: its symlinks are
   * followed as after chroot (an absolute target starts at the rootfs, {@code ..} stops at
   * it), as the stage's own programs see them.
   */
  public static BuildContext ofStage(Path rootfs) {
    return new BuildContext(rootfs.toAbsolutePath().normalize(), IgnorePatterns.NONE, true);
  }

  public Path root() {
    return root;
  }

  public IgnorePatterns ignore() {
    return ignore;
  }

  /** Whether the ignore patterns leave {@code rel} (a clean relative path) out. */
  boolean excluded(String rel) {
    return !rel.isEmpty() && ignore.excludes(rel);
  }

  /**
   * A source of a COPY or ADD as it is found in the context.
   *
   * @param rel its path relative to the context ({@code ""} for the context itself), as
   *     written or as a glob matched it: its parents are real directories
   * @param path where its content is on disk (a symlink it names is followed, inside the
   *     context)
   */
  public record Source(String rel, Path path) {}

  /**
   * The sources {@code pattern} names: one path, or every path a glob matches (Go's
   * filepath.Match per segment), in name order.
   *
   * @throws JaciException one line when a path leads out of the context or nothing matches
   */
  public List<Source> resolve(String pattern) throws JaciException {
    String cleaned = IgnorePatterns.clean("/" + pattern).substring(1);
    if (!chrooted && escapes(pattern)) {
      throw new JaciException("source \"" + pattern + "\" is outside the build context "
          + "(.. above it); copy what you need into " + root + " first");
    }
    List<String> segments = cleaned.isEmpty() ? List.of() : List.of(cleaned.split("/"));
    List<String> found = new ArrayList<>();
    found.add("");
    for (String segment : segments) {
      List<String> next = new ArrayList<>();
      if (!SegmentGlob.isPattern(segment)) {
        for (String f : found) {
          next.add(f.isEmpty() ? segment : f + "/" + segment);
        }
      } else {
        SegmentGlob glob = compileSegment(pattern, segment);
        for (String f : found) {
          next.addAll(matching(f, glob));
        }
      }
      found = next;
    }
    List<Source> sources = new ArrayList<>();
    for (String rel : found) {
      if (excluded(rel)) {
        continue;
      }
      Path p = follow(rel, pattern);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        sources.add(new Source(rel, p));
      }
    }
    if (sources.isEmpty()) {
      throw new JaciException("source \"" + pattern + "\": "
          + (SegmentGlob.isPattern(cleaned) ? "no file of the build context matches it"
              : "not in the build context" + (excluded(cleaned)
                  ? " (" + IGNORE_FILE + " leaves it out)" : "")));
    }
    return sources;
  }

  private static boolean escapes(String pattern) {
    int depth = 0;
    for (String part : pattern.split("/")) {
      if (part.equals("..")) {
        if (--depth < 0) {
          return true;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return false;
  }

  private static SegmentGlob compileSegment(String pattern, String segment)
      throws JaciException {
    try {
      return SegmentGlob.compile(segment, false);
    } catch (IllegalArgumentException e) {
      throw new JaciException("source \"" + pattern + "\": " + e.getMessage());
    }
  }

  private List<String> matching(String dirRel, SegmentGlob glob) throws JaciException {
    Path dir = follow(dirRel, dirRel);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    TreeSet<String> names = new TreeSet<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (glob.matches(name)) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
    return names.stream().map(n -> dirRel.isEmpty() ? n : dirRel + "/" + n).toList();
  }

  /**
   * The disk path of {@code rel}, every symlink on the way (the last one too) followed and
   * checked to stay inside the context.
   */
  Path follow(String rel, String asWritten) throws JaciException {
    try {
      return TreePaths.resolve(root, rel,
          chrooted ? TreePaths.Links.AS_AFTER_CHROOT : TreePaths.Links.CONFINED);
    } catch (TreePaths.LeavesTree e) {
      throw outside(asWritten, e.getMessage());
    } catch (TreePaths.TooManyLinks e) {
      throw new JaciException("source \"" + asWritten + "\": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(root.resolve(rel), e), e);
    }
  }

  private JaciException outside(String asWritten, String why) {
    return new JaciException("source \"" + asWritten + "\" leads outside the build context ("
        + why + "); copy what you need into " + root + " first");
  }
}
