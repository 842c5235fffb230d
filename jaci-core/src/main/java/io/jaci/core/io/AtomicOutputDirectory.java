package io.jaci.core.io;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output directory that appears complete or not at all: it is filled under a temporary
 * name beside the target and renamed by {@link #commit()}. The target may be missing or an
 * empty directory. Closing without a commit, a failure or an interrupt removes the
 * temporary directory.
 */
public final class AtomicOutputDirectory implements AutoCloseable {
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
  private static final int OWNER_ALL = 0700;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Path p : PENDING) {
        try {
          deleteTree(p);
        } catch (IOException ignored) {
          // best effort while the process ends
        }
      }
    }, "jaci-cleanup-dirs"));
  }

  private final Path target;
  private final Path temp;
  private boolean committed;

  private AtomicOutputDirectory(Path target) throws IOException {
    this.target = target.toAbsolutePath();
    Path parent = this.target.getParent();
    if (!Files.isDirectory(parent)) {
      throw new NoSuchFileException(parent.toString(), null, "the output directory's parent does not exist");
    }
    if (Files.exists(this.target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(this.target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new java.nio.file.FileAlreadyExistsException(target.toString(), null,
            "exists and is not a directory");
      }
      try (DirectoryStream<Path> s = Files.newDirectoryStream(this.target)) {
        if (s.iterator().hasNext()) {
          throw new DirectoryNotEmptyException(target.toString());
        }
      }
    }
    this.temp = Files.createTempDirectory(parent, "." + this.target.getFileName() + ".part-");
    PENDING.add(temp);
  }

  /** Prepares {@code target}, which must be missing or an empty directory. */
  public static AtomicOutputDirectory create(Path target) throws IOException {
    return new AtomicOutputDirectory(target);
  }

  /** The name the directory has once committed. */
  public Path target() {
    return target;
  }

  /** The directory to fill. */
  public Path path() {
    return temp;
  }

  /** Moves the filled directory to the target's name. */
  public void commit() throws IOException {
    if (Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(target); // empty, as checked when it was created
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
    PENDING.remove(temp);
  }

  /**
   * Moves the directory {@code child} of the filled directory to the target's name and
   * removes the rest. Filling a child keeps what is written private until the commit: the
   * temporary directory is the process's own, mode 0700, whatever the child's mode is.
   */
  public void commitChild(String child) throws IOException {
    if (Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(target); // empty, as checked when it was created
    }
    Files.move(temp.resolve(child), target, StandardCopyOption.ATOMIC_MOVE);
    committed = true;
    try {
      deleteTree(temp);
    } finally {
      PENDING.remove(temp);
    }
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      try {
        deleteTree(temp);
      } finally {
        PENDING.remove(temp);
      }
    }
  }

  /**
   * Deletes a tree without following symlinks; missing is fine. A directory whose mode keeps
   * its owner out (0000, 0555) is opened to its owner first, so that this process removes
   * what it wrote whatever modes it gave; the walk keeps its own stack, whatever the depth.
   */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(root);
      return;
    }
    Deque<Path> dirs = new ArrayDeque<>();
    openToOwner(root);
    dirs.push(root);
    while (!dirs.isEmpty()) {
      Path dir = dirs.peek();
      boolean subdirectories = false;
      try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
        for (Path child : children) {
          if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
            openToOwner(child);
            dirs.push(child);
            subdirectories = true;
          } else {
            Files.delete(child);
          }
        }
      }
      if (!subdirectories) {
        Files.delete(dirs.pop()); // empty now; its parent is listed again, then removed
      }
    }
  }

  /** Gives a directory's owner the rights to list it and remove its entries. */
  private static void openToOwner(Path dir) throws IOException {
    int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    if ((mode & OWNER_ALL) != OWNER_ALL) {
      Files.setAttribute(dir, "unix:mode", (mode | OWNER_ALL) & 07777);
    }
  }
}
