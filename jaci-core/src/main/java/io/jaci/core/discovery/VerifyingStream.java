package io.jaci.core.discovery;

import io.jaci.core.JaciException;
import io.jaci.core.trust.VerifiedSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An image stream whose bytes, as the caller reads them (to import the image), are also
 * handed to a signature check running on a second thread: the image is read once, and the
 * two hashes (the signature's and the image ID's) run side by side. {@link #finish} reads
 * what the caller left unread and gives the check's result; {@link #release} ends it all.
 */
final class VerifyingStream extends InputStream {
  private static final int CHUNKS_IN_FLIGHT = 16;
  private static final byte[] END = new byte[0];
  private static final byte[] CANCELLED = new byte[0];

  /** The signature check, reading the image from a stream to its end. */
  @FunctionalInterface
  interface Check {
    VerifiedSignature verify(InputStream image) throws JaciException;
  }

  private final InputStream in;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
  private final CompletableFuture<VerifiedSignature> result = new CompletableFuture<>();
  private volatile boolean cancelled;
  private boolean ended;

  VerifyingStream(InputStream in, Check check) {
    this.in = in;
    Thread t = new Thread(() -> {
      try {
        result.complete(check.verify(new Handed()));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "jaci-signature-check");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  // synchronized: the bytes reach the check in the order they were read, whichever thread reads
  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (ended) {
      return -1;
    }
    int n = in.read(b, off, len);
    if (n < 0) {
      ended = true;
      hand(END);
      return -1;
    }
    if (n > 0) {
      hand(Arrays.copyOfRange(b, off, off + n));
    }
    return n;
  }

  private void hand(byte[] chunk) throws IOException {
    try {
      while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (result.isDone() || cancelled) {
          // the check ended early (a refused key): stop the import, finish() says why
          throw new IOException("the signature check ended before the image");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /**
   * Reads the rest of the image (bytes after the end of the compressed tar count for the
   * signature too) and waits for the check.
   *
   * @throws JaciException the check's refusal
   */
  synchronized VerifiedSignature finish() throws JaciException, IOException {
    byte[] buf = new byte[1 << 16];
    while (read(buf, 0, buf.length) >= 0) {
      // handed to the check
    }
    return outcome();
  }

  /** The check's refusal when it has ended (call before {@link #release}), to report instead. */
  JaciException refusal() {
    if (!result.isDone() || cancelled) {
      return null;
    }
    try {
      outcome();
      return null;
    } catch (JaciException e) {
      return e;
    }
  }

  private VerifiedSignature outcome() throws JaciException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JaciException j) {
        throw j;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException("interrupted while checking the signature");
    }
  }

  /**
   * Nothing: the importer closes its input when the tar ends, but {@link #finish} still reads
   * what follows; {@link #release} closes.
   */
  @Override
  public void close() {}

  /** Stops the check (its reads fail) and closes the image stream. */
  void release() throws IOException {
    cancelled = true;
    queue.clear();
    queue.offer(CANCELLED);
    in.close();
  }

  /** The check's side: the chunks as they were read. */
  private final class Handed extends InputStream {
    private byte[] chunk = new byte[0];
    private int pos;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (pos == chunk.length) {
        if (chunk == END) {
          return -1;
        }
        try {
          chunk = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted");
        }
        pos = 0;
        if (chunk == CANCELLED || cancelled) {
          throw new IOException("the image was not read to its end");
        }
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
