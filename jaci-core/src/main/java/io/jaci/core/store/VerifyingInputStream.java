package io.jaci.core.store;

import io.jaci.core.io.Sha512;
import io.jaci.core.spec.ImageId;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Hashes what is read and, at the end of the stream, checks the digest and the size against
 * the image ID (like umoci's {@code VerifiedReadCloser}): a damaged blob fails its last read.
 * The hashing runs on a thread of its own, a bounded number of chunks behind the reader, so
 * that it costs the reader (an extraction, usually) no time on a second core.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final ImageId id;
  private final long expectedSize;
  private final Sha512 digest;
  private static final int MAX_CHUNKS_BEHIND = 64;
  private static final ExecutorService HASHER = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "jaci-verify");
    t.setDaemon(true);
    return t;
  });

  private final Semaphore behind = new Semaphore(MAX_CHUNKS_BEHIND);
  private final ExecutorService lane = new SerialLane(HASHER);
  private long size;
  private boolean checked;

  VerifyingInputStream(InputStream in, ImageId id, long expectedSize) {
    super(in);
    this.id = id;
    this.expectedSize = expectedSize;
    this.digest = Sha512.create();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      byte[] chunk = java.util.Arrays.copyOfRange(b, off, off + n);
      behind.acquireUninterruptibly();
      lane.execute(() -> {
        digest.update(chunk, 0, chunk.length);
        behind.release();
      });
      size += n;
      if (size > expectedSize) {
        throw damaged("it is longer than the " + expectedSize + " bytes indexed");
      }
    } else if (n < 0 && !checked) {
      checked = true;
      if (size != expectedSize) {
        throw damaged("it has " + size + " bytes, not the " + expectedSize + " indexed");
      }
      behind.acquireUninterruptibly(MAX_CHUNKS_BEHIND); // every chunk hashed
      String hex = HexFormat.of().formatHex(digest.digest());
      if (!hex.equals(id.hex())) {
        throw damaged("its SHA-512 is sha512-" + hex.substring(0, 12) + "...");
      }
    }
    return n;
  }

  /**
   * Runs tasks one after another, in order, on a shared pool: a serial executor without a
   * thread of its own.
   */
  private static final class SerialLane extends java.util.concurrent.AbstractExecutorService {
    private final ExecutorService pool;
    private final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();
    private boolean running;

    SerialLane(ExecutorService pool) {
      this.pool = pool;
    }

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
      if (!running) {
        running = true;
        pool.execute(this::drain);
      }
    }

    private void drain() {
      while (true) {
        Runnable next;
        synchronized (this) {
          next = tasks.poll();
          if (next == null) {
            running = false;
            return;
          }
        }
        next.run();
      }
    }

    @Override
    public void shutdown() {}

    @Override
    public java.util.List<Runnable> shutdownNow() {
      return java.util.List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long t, java.util.concurrent.TimeUnit u) {
      return true;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    // skipped bytes must be hashed too
    byte[] buffer = new byte[(int) Math.min(n, 1 << 16)];
    long done = 0;
    while (done < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private IOException damaged(String why) {
    return new IOException("the stored blob of " + id + " is damaged (" + why + "): run"
        + " 'jaci image verify --repair' and import the image again");
  }
}
