package io.jaci.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A blob being written in {@code ROOT/tmp}. Its writer holds a lock on it until the blob is
 * moved into place or dropped, so a cleaner in another process can tell the temporary files
 * of live imports (locked) from those of imports that died (unlocked; the kernel releases a
 * dead process's locks).
 */
final class StagedBlob implements AutoCloseable {
  /** Temporary files of this JVM: never opened by the cleaner (closing would unlock them). */
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean moved;
  private long unsynced;
  private java.util.concurrent.CompletableFuture<Void> background =
      java.util.concurrent.CompletableFuture.completedFuture(null);

  /** Written bytes after which the disk starts writing them back, while the import goes on. */
  private static final long WRITEBACK_EVERY = 32L << 20;
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private StagedBlob(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  static StagedBlob create(Path tmpDir) throws IOException {
    while (true) {
      // Created and opened in one call: a cleaner in another process can open, lock and
      // delete the file before we lock it, but never before we hold a descriptor of it.
      Path file = tmpDir.resolve("import-" + Long.toUnsignedString(RANDOM.nextLong()) + ".part");
      FileChannel channel;
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (java.nio.file.FileAlreadyExistsException taken) {
        continue;
      }
      LIVE.add(file);
      try {
        FileLock lock = channel.lock();
        // A cleaner deletes while holding the lock, so once we hold it this check is final.
        if (Files.exists(file)) {
          return new StagedBlob(file, channel, lock);
        }
        lock.release();
        channel.close();
        LIVE.remove(file);
      } catch (IOException | RuntimeException e) {
        channel.close();
        Files.deleteIfExists(file);
        LIVE.remove(file);
        throw e;
      }
    }
  }

  void write(byte[] b, int off, int len) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    unsynced += len;
    if (unsynced >= WRITEBACK_EVERY && background.isDone()) {
      // Flushing in the background overlaps the disk's work with decompression, so that
      // the final sync has little left to wait for.
      unsynced = 0;
      background = java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          channel.force(false);
        } catch (IOException ignored) {
          // the final sync reports any error
        }
      }, r -> {
        Thread t = new Thread(r, "jaci-import-writeback");
        t.setDaemon(true);
        t.start();
      });
    }
  }

  /** Waits until the bytes are on disk. */
  void sync() throws IOException {
    background.join();
    channel.force(true);
  }

  /** Moves the blob to {@code target} (same file system, atomically); call with the store lock. */
  void moveTo(Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    moved = true;
    StoreLayout.syncDirectory(target.getParent());
  }

  @Override
  public void close() throws IOException {
    background.join();
    try {
      lock.release();
      channel.close();
    } finally {
      if (!moved) {
        Files.deleteIfExists(file);
      }
      LIVE.remove(file);
    }
  }

  /**
   * Deletes the temporary files in {@code tmpDir} that no live import holds; returns how many
   * bytes it freed and how many files, as {@code {files, bytes}}.
   */
  static long[] removeAbandoned(Path tmpDir) throws IOException {
    long files = 0;
    long bytes = 0;
    if (!Files.isDirectory(tmpDir)) {
      return new long[] {0, 0};
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tmpDir)) {
      for (Path p : dir) {
        if (LIVE.contains(p) || !Files.isRegularFile(p)) {
          continue;
        }
        long size = abandonedSize(p);
        if (size >= 0) {
          files++;
          bytes += size;
        }
      }
    }
    return new long[] {files, bytes};
  }

  /** Deletes {@code p} if no process holds its lock; its size, or -1 if it is in use. */
  private static long abandonedSize(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException ours) {
        return -1;
      }
      if (l == null) {
        return -1;
      }
      long size = ch.size();
      Files.deleteIfExists(p);
      l.release();
      return size;
    } catch (NoSuchFileException gone) {
      return -1;
    }
  }

  /** Names the temporary files in {@code tmpDir} that no live import holds, without deleting. */
  static long countAbandoned(Path tmpDir) throws IOException {
    long n = 0;
    if (!Files.isDirectory(tmpDir)) {
      return 0;
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tmpDir)) {
      for (Path p : dir) {
        if (LIVE.contains(p) || !Files.isRegularFile(p)) {
          continue;
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
          FileLock l = ch.tryLock(0, Long.MAX_VALUE, false);
          if (l != null) {
            n++;
            l.release();
          }
        } catch (NoSuchFileException | OverlappingFileLockException gone) {
          // finished or ours meanwhile
        } catch (java.nio.file.FileSystemException cannotTell) {
          // a read-only store: whether its writer is alive is not for us to find out
        }
      }
    }
    return n;
  }

}
