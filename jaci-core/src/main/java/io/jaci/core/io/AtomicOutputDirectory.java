package io.jaci.core.io;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
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

  /** Deletes a tree without following symlinks; missing is fine. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        // a read-only directory's entries cannot be removed until it is writable
        dir.toFile().setWritable(true, true);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
