package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What one COPY (or the local part of an ADD) lays down, decided before anything is written:
 * each source file, directory or symlink with the absolute image path it goes to, by
 * Docker's destination rules.
 *
 * <ul>
 *   <li>A relative destination is below the stage's WORKDIR.
 *   <li>A destination ending with {@code /} (or {@code .}) is a directory; so is one that is a
 *       directory in the image already. Several sources need such a destination.
 *   <li>A directory source copies its contents, not itself; with {@code --parents}, every
 *       source keeps its path in the context (below a {@code /./} in the source, only what
 *       follows it).
 *   <li>{@code --exclude} patterns (.dockerignore syntax) leave out matching paths, relative
 *       to the source.
 * </ul>
 *
 * <p>{@link #hash()} is the step cache's view of what the copy reads: each target path, type,
 * permission bits, content and link target; never times or the context's owners (COPY gives
 * its files to root or to {@code --chown}).
 */
public final class CopyPlan {
  /** One thing to lay down: {@code from} (not followed when a symlink) at {@code target}. */
  public record Item(Path from, String target, Kind kind, int mode) {}

  /** What an item is. */
  public enum Kind { FILE, DIRECTORY, SYMLINK }

  private final List<Item> items;

  private CopyPlan(List<Item> items) {
    this.items = List.copyOf(items);
  }

  public List<Item> items() {
    return items;
  }

  /**
   * The plan of a COPY.
   *
   * @param context where the sources are found
   * @param sources the sources as written (after variable expansion)
   * @param destination the destination as written
   * @param workdir the stage's working directory (absolute)
   * @param excludes {@code --exclude} patterns
   * @param parents {@code --parents}
   * @param isDirectoryInImage tells whether an absolute image path is a directory already
   */
  public static CopyPlan of(BuildContext context, List<String> sources, String destination,
      String workdir, List<String> excludes, boolean parents, DirectoryProbe isDirectoryInImage)
      throws JaciException {
    IgnorePatterns excluded;
    try {
      excluded = IgnorePatterns.of(excludes);
    } catch (IllegalArgumentException e) {
      throw new JaciException("--exclude: " + e.getMessage());
    }
    List<BuildContext.Source> found = new ArrayList<>();
    List<String> keptPrefixes = new ArrayList<>();
    for (String s : sources) {
      List<BuildContext.Source> matched = context.resolve(s);
      found.addAll(matched);
      String pivot = pivotPrefix(s);
      matched.forEach(m -> keptPrefixes.add(pivot));
    }
    String dest = imagePath(destination, workdir);
    boolean dirDest = destination.endsWith("/") || destination.equals(".")
        || destination.endsWith("/.") || isDirectoryInImage.isDirectory(dest);
    if (found.size() > 1 && !dirDest && !parents) {
      throw new JaciException("COPY " + String.join(" ", sources) + " " + destination
          + ": several sources need a directory destination ending with / (" + destination
          + "/)");
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      BuildContext.Source src = found.get(i);
      boolean isDir = Files.isDirectory(src.path());
      String base;
      if (parents) {
        String kept = strip(src.rel(), keptPrefixes.get(i));
        base = kept.isEmpty() ? dest : join(dest, kept);
      } else if (isDir) {
        base = dest;
      } else {
        base = dirDest ? join(dest, nameOf(src)) : dest;
      }
      if (isDir) {
        walk(context, src, base, excluded, items);
      } else if (!excluded.excludes(nameOf(src))) {
        items.add(item(src.path(), base, false));
      }
    }
    return new CopyPlan(items);
  }

  /** Whether an absolute image path is a directory in the stage's rootfs (links followed). */
  @FunctionalInterface
  public interface DirectoryProbe {
    boolean isDirectory(String imagePath) throws JaciException;
  }

  /** The absolute, clean image path of {@code path}, relative ones below {@code workdir}. */
  public static String imagePath(String path, String workdir) {
    String abs = path.startsWith("/") ? path : workdir + "/" + path;
    return IgnorePatterns.clean("/" + abs);
  }

  private static String nameOf(BuildContext.Source src) {
    String rel = src.rel();
    return rel.substring(rel.lastIndexOf('/') + 1);
  }

  private static String join(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }

  /** What {@code --parents} drops of a source's path: all up to a {@code /./} in it. */
  private static String pivotPrefix(String source) {
    String s = source.startsWith("./") ? source.substring(2) : source;
    int pivot = s.indexOf("/./");
    return pivot < 0 ? "" : IgnorePatterns.clean("/" + s.substring(0, pivot)).substring(1);
  }

  private static String strip(String rel, String prefix) {
    if (prefix.isEmpty()) {
      return rel;
    }
    return rel.equals(prefix) ? "" : rel.substring(prefix.length() + 1);
  }

  private static Item item(Path p, String target, boolean noFollow) throws JaciException {
    try {
      LinkOption[] opts = noFollow ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS}
          : new LinkOption[0];
      int mode = ((Integer) Files.getAttribute(p, "unix:mode", opts)) & 07777;
      Kind kind = Files.isSymbolicLink(p) && noFollow ? Kind.SYMLINK
          : Files.isDirectory(p, opts) ? Kind.DIRECTORY : Kind.FILE;
      return new Item(p, target, kind, mode);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(p, e), e);
    }
  }

  /** Every entry below a directory source, in name order, walked without recursion. */
  private static void walk(BuildContext context, BuildContext.Source src, String base,
      IgnorePatterns excluded, List<Item> items) throws JaciException {
    boolean exceptions = context.ignore().hasExceptions() || excluded.hasExceptions();
    List<Item> found = new ArrayList<>();
    found.add(item(src.path(), base, false));
    try {
      Files.walkFileTree(src.path(), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a)
            throws IOException {
          if (dir.equals(src.path())) {
            return FileVisitResult.CONTINUE;
          }
          return visit(dir, true);
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
          if (a.isRegularFile() || a.isSymbolicLink() || a.isDirectory()) {
            return visit(file, false);
          }
          return FileVisitResult.CONTINUE; // sockets, FIFOs and devices are not copied
        }

        private FileVisitResult visit(Path p, boolean dir) throws IOException {
          String sub = src.path().relativize(p).toString();
          String inContext = src.rel().isEmpty() ? sub : src.rel() + "/" + sub;
          boolean out = context.excluded(inContext) || excluded.excludes(sub);
          if (out && !(dir && exceptions)) {
            return dir ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }
          try {
            Item it = item(p, join(base, sub), true);
            // an excluded directory is entered for exceptions; it is kept only for them
            found.add(out ? new Item(it.from(), it.target(), it.kind(), -1) : it);
          } catch (JaciException e) {
            throw new IOException(e.getMessage(), e);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(src.path(), e), e);
    }
    // in name order, whatever the directory's order: the hash depends on it (a parent's path
    // is a prefix of its children's, so it comes first)
    found.sort(java.util.Comparator.comparing(Item::target));
    items.addAll(withoutEmptyExcluded(found));
  }

  /** Drops excluded directories (mode -1) that hold nothing kept. */
  private static List<Item> withoutEmptyExcluded(List<Item> found) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      Item it = found.get(i);
      if (it.mode() >= 0) {
        out.add(it);
        continue;
      }
      String prefix = it.target() + "/";
      boolean holdsKept = found.stream().skip(i + 1L)
          .anyMatch(o -> o.mode() >= 0 && o.target().startsWith(prefix));
      if (holdsKept) {
        out.add(new Item(it.from(), it.target(), it.kind(), modeOf(it.from())));
      }
    }
    return out;
  }

  private static int modeOf(Path p) {
    try {
      return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    } catch (IOException e) {
      return 0755;
    }
  }

  /** The hex SHA-256 of what the copy reads: targets, types, modes, contents, link targets. */
  public String hash() throws JaciException {
    return hash(ContextHashes.NONE);
  }

  /** {@link #hash()}, the contents' hashes from {@code contents} where it has them. */
  String hash(ContextHashes contents) throws JaciException {
    Sha256 sha = Sha256.create();
    for (Item it : items) {
      update(sha, it.kind() + " " + Integer.toOctalString(it.mode()) + " " + it.target() + "\n");
      try {
        if (it.kind() == Kind.SYMLINK) {
          update(sha, Files.readSymbolicLink(it.from()) + "\n");
        } else if (it.kind() == Kind.FILE) {
          long size = Files.size(it.from());
          update(sha, size + " " + contents.sha256(it.from(), size) + "\n");
        }
      } catch (IOException e) {
        throw new JaciException(IoMessages.about(it.from(), e), e);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void update(Sha256 sha, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    sha.update(b, 0, b.length);
  }
}
