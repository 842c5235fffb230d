package io.jaci.core.io;

import io.jaci.core.JaciException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Connects a producer that writes a stream with a consumer that reads it, on two threads,
 * through a few chunks in memory. Unlike {@link java.io.PipedInputStream} a failing
 * producer makes the consumer's next read fail (never a clean, truncated end), and a
 * consumer that gives up unblocks the producer.
 */
public final class StreamPipe {
  private static final int CHUNK = 1 << 20;
  private static final int CHUNKS_IN_FLIGHT = 4;
  private static final byte[] END = new byte[0];

  /** Writes the stream; the pipe closes {@code out} afterwards. */
  @FunctionalInterface
  public interface Producer {
    void write(OutputStream out) throws IOException, JaciException;
  }

  /** Reads the stream to its end and makes the result. */
  @FunctionalInterface
  public interface Consumer<T> {
    T read(InputStream in) throws IOException, JaciException;
  }

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
  private volatile boolean cancelled;
  private volatile Exception failure;

  private StreamPipe() {}

  /**
   * Runs {@code producer} on a new thread and {@code consumer} on this one.
   *
   * @throws JaciException the producer's failure if it failed (it is the cause of whatever
   *     the consumer then saw), else the consumer's
   */
  public static <T> T run(String threadName, Producer producer, Consumer<T> consumer)
      throws JaciException, IOException {
    StreamPipe pipe = new StreamPipe();
    Thread thread = new Thread(() -> pipe.produce(producer), threadName);
    thread.setDaemon(true);
    thread.start();
    T result;
    try {
      result = consumer.read(pipe.new Reader());
    } catch (JaciException | IOException | RuntimeException e) {
      pipe.cancelled = true;
      pipe.queue.clear();
      join(thread);
      pipe.rethrowProducerFailure();
      throw e;
    }
    join(thread);
    pipe.rethrowProducerFailure();
    return result;
  }

  private void rethrowProducerFailure() throws JaciException, IOException {
    Exception f = failure;
    if (f instanceof JaciException j) {
      throw j;
    }
    if (f instanceof IOException io && !(io instanceof CancelledException)) {
      throw io;
    }
    if (f instanceof RuntimeException r) {
      throw r;
    }
  }

  private static void join(Thread thread) throws JaciException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException("interrupted");
    }
  }

  private void produce(Producer producer) {
    try (Writer out = new Writer()) {
      producer.write(out);
    } catch (JaciException | IOException | RuntimeException e) {
      failure = e;
    }
    try {
      put(END);
    } catch (InterruptedIOException ignored) {
      // the consumer is gone
    }
  }

  private void put(byte[] chunk) throws InterruptedIOException {
    try {
      while (!cancelled && !queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        // wait for room, or for the consumer to give up
      }
    } catch (InterruptedException e) {
      throw new InterruptedIOException("interrupted");
    }
  }

  /** The consumer gave up; the producer's writes fail with this. */
  private static final class CancelledException extends IOException {
    private static final long serialVersionUID = 1L;

    CancelledException() {
      super("the reader of the stream gave up");
    }
  }

  private final class Writer extends OutputStream {
    private byte[] chunk = new byte[CHUNK];
    private int length;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (cancelled) {
          throw new CancelledException();
        }
        int n = Math.min(len, CHUNK - length);
        System.arraycopy(b, off, chunk, length, n);
        length += n;
        off += n;
        len -= n;
        if (length == CHUNK) {
          flushChunk();
        }
      }
    }

    private void flushChunk() throws InterruptedIOException {
      if (length > 0) {
        byte[] full = length == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, length);
        put(full);
        chunk = new byte[CHUNK];
        length = 0;
      }
    }

    @Override
    public void close() throws IOException {
      if (failure == null) {
        flushChunk();
      }
    }
  }

  private final class Reader extends InputStream {
    private byte[] current;
    private int position;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (current != END && (current == null || position == current.length)) {
        try {
          current = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted");
        }
        position = 0;
      }
      if (current == END) {
        if (failure != null) {
          throw new IOException("the stream's writer failed: " + failure.getMessage(), failure);
        }
        return -1;
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      return n;
    }
  }
}
