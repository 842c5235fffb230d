package io.jaci.core.extract;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * File system operations confined to one directory tree. Paths are relative to the root,
 * clean ({@link io.jaci.core.tar.EntryPath#clean}) and never followed through a symlink:
 * every parent is checked with {@code lstat} and, where it is not a real directory, replaced
 * by one.
 *
 * <p>Directories known to be real (created or checked during this extraction) are
 * remembered so that a parent costs one lookup, not one {@code lstat} per component; every
 * removal forgets the removed subtree. Directory mtimes, and modes that would lock the
 * extractor out, are applied at {@link #finish()}.
 *
 * <p>It also notes whether any directory of the tree has a group other than the process's:
 * only then can a new entry get another group (from a setgid directory, or a mount that
 * gives every new file its directory's group), so that otherwise an entry whose owner is
 * the process's needs no chown.
 */
final class RootedTree {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int OWNER_ALL = 0700;

  private final Path root;
  private final boolean privileged;
  private final long ownGid;
  private boolean foreignGroup;
  private final NavigableSet<String> knownDirs = new TreeSet<>();
  private final NavigableMap<String, Long> dirMtimes = new TreeMap<>();
  private final NavigableMap<String, Integer> dirModes = new TreeMap<>();

  /**
   * @param privileged whether permission bits do not apply to this process (root), so that
   *     directories need not be opened up to write into them
   * @param ownGid the process's effective group id, or -1 where it is not known
   */
  RootedTree(Path root, boolean privileged, long ownGid) throws IOException {
    this.root = root;
    this.privileged = privileged;
    this.ownGid = ownGid;
    noteGroupOf(root);
  }

  /**
   * Whether a new entry may get a group other than the process's: some directory of the
   * tree was seen with another group (or the process's group is not known).
   */
  boolean foreignGroup() {
    return foreignGroup;
  }

  /** Notes the group a directory of the tree was just given. */
  void noteDirectoryGroup(long gid) {
    foreignGroup |= ownGid < 0 || gid != ownGid;
  }

  private void noteGroupOf(Path dir) throws IOException {
    if (!foreignGroup) {
      noteDirectoryGroup(((Integer) Files.getAttribute(dir, "unix:gid", NOFOLLOW)).longValue());
    }
  }

  Path path(String rel) {
    return rel.isEmpty() ? root : root.resolve(rel);
  }

  /** Makes every parent of {@code rel} a real directory; missing ones get mode 0755. */
  void prepareParents(String rel) throws IOException {
    int slash = rel.lastIndexOf('/');
    if (slash < 0 || knownDirs.contains(rel.substring(0, slash))) {
      return;
    }
    int next = rel.indexOf('/');
    while (next >= 0 && next <= slash) {
      String dir = rel.substring(0, next);
      if (!knownDirs.contains(dir)) {
        ensureParentDirectory(dir);
      }
      next = rel.indexOf('/', next + 1);
    }
  }

  private void ensureParentDirectory(String rel) throws IOException {
    Path p = path(rel);
    int mode = lstatMode(p);
    if (mode >= 0 && isDirectory(mode)) {
      noteGroupOf(p);
      if (!privileged && (mode & OWNER_ALL) != OWNER_ALL) {
        // a read-only directory of an earlier layer: open it up, restore it at the end
        Files.setAttribute(p, "unix:mode", (mode | OWNER_ALL) & 07777);
        dirModes.putIfAbsent(rel, mode & 07777);
      }
    } else {
      if (mode >= 0) {
        // a symlink (or another non-directory) in the way is replaced, never followed
        Files.delete(p);
        forget(rel);
      }
      Files.createDirectory(p);
      Files.setAttribute(p, "unix:mode", 0755);
    }
    knownDirs.add(rel);
  }

  /**
   * Makes {@code rel} a directory, keeping an existing one and its contents; returns whether
   * it made a new one.
   */
  boolean makeDirectory(String rel) throws IOException {
    if (rel.isEmpty()) {
      return false;
    }
    Path p = path(rel);
    boolean created = true;
    try {
      Files.createDirectory(p);
    } catch (FileAlreadyExistsException e) {
      if (!isDirectory(lstatMode(p))) {
        clear(rel);
        Files.createDirectory(p);
      } else {
        noteGroupOf(p);
        created = false;
      }
    }
    knownDirs.add(rel);
    return created;
  }

  /** Something that creates a new file and fails if the name is taken. */
  interface Creation<T> {
    T create(Path path) throws IOException;
  }

  /**
   * Creates a non-directory at {@code rel} with {@code creation}, first removing whatever is
   * there: a symlink is unlinked (never written through), a directory removed recursively.
   */
  <T> T createFresh(String rel, Creation<T> creation) throws IOException {
    Path p = path(rel);
    try {
      return creation.create(p);
    } catch (FileAlreadyExistsException e) {
      clear(rel);
      return creation.create(p);
    }
  }

  /** Removes whatever is at {@code rel}, without following symlinks. */
  void clear(String rel) throws IOException {
    Path p = path(rel);
    int mode = lstatMode(p);
    if (mode < 0) {
      return;
    }
    if (isDirectory(mode)) {
      removeTree(p, mode);
    } else {
      Files.delete(p);
    }
    forget(rel);
  }

  private void removeTree(Path dir, int mode) throws IOException {
    if (!privileged && (mode & OWNER_ALL) != OWNER_ALL) {
      Files.setAttribute(dir, "unix:mode", (mode | OWNER_ALL) & 07777);
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        int m = lstatMode(child);
        if (m >= 0 && isDirectory(m)) {
          removeTree(child, m);
        } else if (m >= 0) {
          Files.delete(child);
        }
      }
    }
    Files.delete(dir);
  }

  private void forget(String rel) {
    knownDirs.remove(rel);
    knownDirs.subSet(rel + "/", rel + "0").clear();
    dirMtimes.remove(rel);
    dirMtimes.subMap(rel + "/", rel + "0").clear();
    dirModes.remove(rel);
    dirModes.subMap(rel + "/", rel + "0").clear();
  }

  /**
   * Why {@code rel} cannot be the target of a hard link, or null if it can: it must exist,
   * not be a directory, and be reached through real directories only.
   */
  String whyNotLinkable(String rel) throws IOException {
    int next = rel.indexOf('/');
    while (next >= 0) {
      String dir = rel.substring(0, next);
      if (!knownDirs.contains(dir)) {
        int mode = lstatMode(path(dir));
        if (mode < 0) {
          return "does not exist";
        }
        if (!isDirectory(mode)) {
          return "goes through \"/" + dir + "\", which is not a directory";
        }
      }
      next = rel.indexOf('/', next + 1);
    }
    int mode = lstatMode(path(rel));
    if (mode < 0) {
      return "does not exist";
    }
    return isDirectory(mode) ? "is a directory" : null;
  }

  /** Sets the directory's mtime once everything below it is written. */
  void deferMtime(String rel, long seconds) {
    dirMtimes.put(rel, seconds);
  }

  /** Sets the directory's mode at the end ({@code null}: its mode is already right). */
  void deferMode(String rel, Integer mode) {
    if (mode == null) {
      dirModes.remove(rel);
    } else {
      dirModes.put(rel, mode);
    }
  }

  /** Applies the deferred directory metadata: mtimes, then modes deepest first. */
  void finish() throws IOException {
    for (Map.Entry<String, Long> e : dirMtimes.entrySet()) {
      FileTime t = FileTime.fromMillis(e.getValue() * 1000);
      Files.getFileAttributeView(path(e.getKey()), BasicFileAttributeView.class, NOFOLLOW)
          .setTimes(t, t, null);
    }
    SortedMap<String, Integer> deepestFirst = dirModes.descendingMap();
    for (Map.Entry<String, Integer> e : deepestFirst.entrySet()) {
      Files.setAttribute(path(e.getKey()), "unix:mode", e.getValue());
    }
  }

  /** The {@code st_mode} of {@code p} itself (not a symlink's target), or -1 if missing. */
  static int lstatMode(Path p) throws IOException {
    try {
      return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  private static boolean isDirectory(int mode) {
    return mode >= 0 && (mode & S_IFMT) == S_IFDIR;
  }
}
