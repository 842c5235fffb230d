package io.jaci.core.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * The permissions a normal user gives itself on its own files to read a tree back: a file
 * whose mode keeps its owner out (Fedora's {@code /etc/shadow} is 0000) gets {@code u+r}, a
 * directory {@code u+rwx}, and {@link #restore()} puts the modes back, deepest first. Root
 * needs none of this, so for root nothing is changed. An entry owned by someone else is left
 * as it is (its owner alone may change its mode), and reading it fails as before.
 *
 * <p>Not thread-safe: one walk opens, and the same caller restores.
 */
public final class OwnerAccess {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int OWNER_ALL = 0700;
  private static final int OWNER_READ = 0400;

  /** An entry whose mode was changed, and the mode it had (permission bits). */
  public record Opened(Path path, int mode) {}

  private final boolean active;
  private final long uid;
  private final List<Opened> opened = new ArrayList<>();

  private OwnerAccess(boolean active, long uid) {
    this.active = active;
    this.uid = uid;
  }

  /** Opens what this process needs, unless it is root (which needs nothing). */
  public static OwnerAccess forThisProcess() {
    long euid = SpecialFiles.effectiveUid();
    return new OwnerAccess(euid != 0, euid);
  }

  /** Opens nothing. */
  public static OwnerAccess none() {
    return new OwnerAccess(false, -1);
  }

  /** Opens the entries of {@code owner} as a normal user would (for tests run as root). */
  static OwnerAccess forOwner(long owner) {
    return new OwnerAccess(true, owner);
  }

  /**
   * Makes {@code path}, whose {@code st_mode} is {@code mode}, readable to its owner (a
   * directory also searchable and writable) when it is not and this process owns it.
   */
  public void open(Path path, int mode, long owner) throws IOException {
    int format = mode & S_IFMT;
    int needed = format == S_IFDIR ? OWNER_ALL : format == S_IFREG ? OWNER_READ : 0;
    if (!active || (mode & needed) == needed || owner != uid) {
      return;
    }
    Files.setAttribute(path, "unix:mode", (mode | needed) & 07777);
    opened.add(new Opened(path, mode & 07777));
  }

  /**
   * Opens every entry of the tree at {@code root} that needs it, the root first; the walk
   * keeps its own stack, whatever the depth.
   */
  public OwnerAccess openTree(Path root) throws IOException {
    if (!active) {
      return this;
    }
    Deque<Path> dirs = new ArrayDeque<>();
    if (openEntry(root)) {
      dirs.push(root);
    }
    while (!dirs.isEmpty()) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(dirs.pop())) {
        for (Path child : children) {
          if (openEntry(child)) {
            dirs.push(child);
          }
        }
      }
    }
    return this;
  }

  /** Opens one entry; returns whether it is a directory. */
  private boolean openEntry(Path p) throws IOException {
    java.util.Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid", NOFOLLOW);
    int mode = (Integer) a.get("mode");
    open(p, mode, Integer.toUnsignedLong((Integer) a.get("uid")));
    return (mode & S_IFMT) == S_IFDIR;
  }

  /** What was opened, parents before what is inside them. */
  public List<Opened> opened() {
    return Collections.unmodifiableList(opened);
  }

  /** Puts the modes back, the last opened first (so a directory after what is inside it). */
  public void restore() throws IOException {
    for (int i = opened.size() - 1; i >= 0; i--) {
      Opened o = opened.get(i);
      Files.setAttribute(o.path(), "unix:mode", o.mode());
    }
    opened.clear();
  }
}
