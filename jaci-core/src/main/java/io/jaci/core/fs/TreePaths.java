package io.jaci.core.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside a tree that is not trusted (an image's rootfs, a build context): symbolic links
 * are followed one component at a time by this class, never by the kernel, so that none leads
 * out of the tree. The walk is a loop over a work list, not a recursion, and gives up after
 * {@link #MAX_LINKS} links, as the kernel does.
 */
public final class TreePaths {
  /** How many symbolic links one path may pass through (Linux's own limit). */
  public static final int MAX_LINKS = 40;

  /** What a link that points above or outside the tree does. */
  public enum Links {
    /**
     * As after chroot to the tree: an absolute target starts at the tree's root, and {@code ..}
     * at the root stays there. For paths as an image's own programs see them.
     */
    AS_AFTER_CHROOT,
    /** Refused with {@link LeavesTree}: for a tree that must not be left at all. */
    CONFINED
  }

  /** A path that would leave a {@link Links#CONFINED} tree; the message says how. */
  public static final class LeavesTree extends IOException {
    private static final long serialVersionUID = 1L;

    LeavesTree(String how) {
      super(how);
    }
  }

  /** More than {@link #MAX_LINKS} symbolic links on one path. */
  public static final class TooManyLinks extends IOException {
    private static final long serialVersionUID = 1L;

    TooManyLinks() {
      super("more than " + MAX_LINKS + " symbolic links (a loop?)");
    }
  }

  private TreePaths() {}

  /**
   * Where {@code path} (relative to {@code root}; a leading {@code /} means the same) is on
   * disk, its last component resolved too when it is a symbolic link. The result may not exist.
   *
   * @throws LeavesTree when {@code links} is {@link Links#CONFINED} and the path leaves the tree
   * @throws TooManyLinks after {@link #MAX_LINKS} links
   * @throws IOException when a link cannot be read
   */
  public static Path resolve(Path root, String path, Links links) throws IOException {
    Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
    Deque<String> done = new ArrayDeque<>();
    int followed = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (done.pollLast() == null && links == Links.CONFINED) {
          throw new LeavesTree("a symlink leads above it");
        }
        continue;
      }
      Path candidate = root.resolve(String.join("/", done)).resolve(part);
      if (!Files.isSymbolicLink(candidate)) {
        done.addLast(part);
        continue;
      }
      if (++followed > MAX_LINKS) {
        throw new TooManyLinks();
      }
      String target;
      try {
        target = Files.readSymbolicLink(candidate).toString();
      } catch (NoSuchFileException e) {
        done.addLast(part); // removed since: a name like any other
        continue;
      }
      if (target.startsWith("/")) {
        if (links == Links.CONFINED) {
          throw new LeavesTree("a symlink to the absolute path " + target);
        }
        done.clear();
      }
      List<String> parts = List.of(target.split("/"));
      for (int i = parts.size() - 1; i >= 0; i--) {
        todo.addFirst(parts.get(i));
      }
    }
    return done.isEmpty() ? root : root.resolve(String.join("/", done));
  }
}
