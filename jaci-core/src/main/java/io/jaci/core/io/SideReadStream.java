package io.jaci.core.io;

import io.jaci.core.JaciException;
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
 * A stream whose bytes, as the caller reads them, are also handed to a second reader running
 * on its own thread: a fetch or a push imports an image while its signature is checked on the
 * same bytes, so the image is read once and the two hashes run side by side. {@link #finish}
 * reads what the caller left unread and gives the side reader's result; {@link #release}
 * ends it all.
 *
 * <pre>{@code
 * SideReadStream<Signer> in = new SideReadStream<>(download, s -> check.verify(s, sig));
 * try {
 *   store.importAci(in, ..., (id, manifest) -> signer = in.finish());
 * } finally {
 *   in.release();
 * }
 * }</pre>
 *
 * @param <T> what the side reader gives
 */
public final class SideReadStream<T> extends InputStream {
  private static final int CHUNKS_IN_FLIGHT = 16;
  private static final byte[] END = new byte[0];
  private static final byte[] CANCELLED = new byte[0];

  /** The side reader: reads its stream to the end, or throws. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(InputStream in) throws JaciException;
  }

  private final InputStream in;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private volatile boolean cancelled;
  private boolean ended;

  /** Starts {@code reader} on a thread of its own, reading the bytes read from {@code in}. */
  public SideReadStream(InputStream in, Reader<T> reader) {
    this.in = in;
    Thread t = new Thread(() -> {
      try {
        result.complete(reader.read(new Handed()));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "jaci-side-reader");
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
          // the side reader ended early (a refused key): stop the caller, refusal() says why
          throw new IOException("the side reader ended before the stream");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /**
   * Reads the rest of the stream (bytes the caller left, such as those after the end of a
   * compressed tar, count for a signature too) and waits for the side reader.
   *
   * @throws JaciException the side reader's
   */
  public synchronized T finish() throws JaciException, IOException {
    byte[] buf = new byte[1 << 16];
    while (read(buf, 0, buf.length) >= 0) {
      // handed to the check
    }
    return outcome();
  }

  /**
   * The side reader's failure when it has ended by itself (call before {@link #release}): the
   * reason to report rather than the caller's broken read.
   */
  public JaciException refusal() {
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

  private T outcome() throws JaciException {
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
      throw new JaciException("interrupted");
    }
  }

  /**
   * Nothing: an importer closes its input when the tar ends, but {@link #finish} still reads
   * what follows; {@link #release} closes.
   */
  @Override
  public void close() {}

  /** Stops the side reader (its reads fail) and closes the stream. */
  public void release() throws IOException {
    cancelled = true;
    queue.clear();
    queue.offer(CANCELLED);
    in.close();
  }

  /** The side reader's stream: the chunks as they were read. */
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
          throw new IOException("the stream was not read to its end");
        }
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
