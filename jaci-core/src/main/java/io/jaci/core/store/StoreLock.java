package io.jaci.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writers' lock of a store: an exclusive lock on {@code ROOT/lock} between processes,
 * and a {@link ReentrantLock} between threads of this JVM (a file lock is held by the whole
 * process, and closing any channel of the file would release it).
 */
final class StoreLock {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  private final Path file;
  private final ReentrantLock local;
  private FileChannel channel;
  private FileLock lock;

  StoreLock(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.local = IN_PROCESS.computeIfAbsent(this.file, f -> new ReentrantLock());
  }

  /** Held until closed; nested acquisitions in one thread take the file lock once. */
  interface Held extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  Held acquire() throws IOException {
    local.lock();
    if (local.getHoldCount() == 1) {
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = channel.lock();
      } catch (IOException | RuntimeException e) {
        closeChannel();
        local.unlock();
        throw e;
      }
    }
    return () -> {
      try {
        if (local.getHoldCount() == 1) {
          closeChannel();
        }
      } finally {
        local.unlock();
      }
    };
  }

  private void closeChannel() throws IOException {
    try {
      if (lock != null) {
        lock.release();
      }
    } finally {
      lock = null;
      if (channel != null) {
        channel.close();
      }
      channel = null;
    }
  }
}
