package io.jaci.core.store;

import io.jaci.core.io.Sha512;
import io.jaci.core.spec.ImageId;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hashes what is read and, at the end of the stream, checks the digest and the size against
 * the image ID (like umoci's {@code VerifiedReadCloser}): a damaged blob fails its last read.
 * The hashing runs on a thread of its own, a bounded number of chunks behind the reader, so
 * that it costs the reader (an extraction, usually) no time on a second core.
 */
final class VerifyingInputStream extends FilterInputStream {
  private static final int MAX_CHUNKS_BEHIND = 64;

  private final ImageId id;
  private final long expectedSize;
  private final Sha512 digest;
  private final Semaphore behind = new Semaphore(MAX_CHUNKS_BEHIND);
  /** One thread, so chunks are hashed in order; it ends when the stream is idle. */
  private final ThreadPoolExecutor lane = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "jaci-verify");
        t.setDaemon(true);
        return t;
      });
  private long size;
  private boolean checked;

  VerifyingInputStream(InputStream in, ImageId id, long expectedSize) {
    super(in);
    this.id = id;
    this.expectedSize = expectedSize;
    this.digest = Sha512.create();
    lane.allowCoreThreadTimeOut(true);
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
