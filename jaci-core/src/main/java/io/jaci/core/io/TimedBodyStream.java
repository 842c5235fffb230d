package io.jaci.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The body of an answer as an {@link InputStream} whose every read waits at most the
 * timeout for data: Java's {@code BodyHandlers.ofInputStream()} waits for ever, so a registry
 * that sends its headers and one byte and then stalls would hang jaci. When no data comes for
 * the timeout, the exchange is cancelled (its connection closed) and the read throws a
 * {@link StalledException} of one line naming the server and what was being read. Used for
 * every HTTP body jaci reads: registries, tokens, Debian mirrors.
 */
public final class TimedBodyStream extends InputStream
    implements HttpResponse.BodySubscriber<InputStream> {
  private static final List<ByteBuffer> END = List.of();

  private final long timeoutMillis;
  private final String server;
  private final String reading;
  private final String hint;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private Flow.Subscription subscription;
  private boolean closed;
  private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
  private ByteBuffer buffer;
  private boolean ended;
  private IOException failure;

  private TimedBodyStream(Duration timeout, String server, String reading, String hint) {
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.server = server;
    this.reading = reading;
    this.hint = hint;
  }

  /**
   * A body handler giving such streams.
   *
   * @param server the server for messages, e.g. {@code registry HOST[:PORT]}
   * @param reading what the body is, e.g. {@code blob sha256:...}
   * @param hint what the user can do, e.g. {@code try again or raise --timeout}
   */
  public static HttpResponse.BodyHandler<InputStream> handler(Duration timeout, String server,
      String reading, String hint) {
    return info -> new TimedBodyStream(timeout, server, reading, hint);
  }

  /** No data came within the timeout. */
  public static final class StalledException extends IOException {
    private static final long serialVersionUID = 1L;

    public StalledException(String message) {
      super(message);
    }
  }

  // --- the subscriber side, called by the HTTP client's threads

  @Override
  public void onSubscribe(Flow.Subscription s) {
    boolean cancel;
    synchronized (this) {
      cancel = closed;
      subscription = s;
    }
    if (cancel) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    queue.add(items);
  }

  @Override
  public void onError(Throwable t) {
    queue.add(t);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedFuture(this);
  }

  // --- the stream side, read by one thread

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (len == 0) {
      return 0;
    }
    while (buffer == null || !buffer.hasRemaining()) {
      if (buffers.hasNext()) {
        buffer = buffers.next();
        continue;
      }
      if (ended) {
        return -1;
      }
      next();
    }
    int n = Math.min(len, buffer.remaining());
    buffer.get(b, off, n);
    return n;
  }

  /** Takes the next delivery of the client, waiting at most the timeout. */
  @SuppressWarnings("unchecked")
  private void next() throws IOException {
    if (closed) {
      throw new IOException("the answer's body is closed");
    }
    Object next;
    try {
      next = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + reading);
    }
    if (next == null) {
      cancel();
      long seconds = TimeUnit.MILLISECONDS.toSeconds(timeoutMillis);
      throw fail(new StalledException(server + ": no data for "
          + (seconds > 0 ? seconds + " s" : timeoutMillis + " ms") + " while reading " + reading
          + "; " + hint));
    }
    if (next == END) {
      ended = true;
    } else if (next instanceof Throwable t) {
      ended = true;
      throw fail(t instanceof IOException io ? io : new IOException(t.getMessage(), t));
    } else {
      buffers = ((List<ByteBuffer>) next).iterator();
      Flow.Subscription s;
      synchronized (this) {
        s = subscription;
      }
      s.request(1);
    }
  }

  private IOException fail(IOException e) {
    failure = e;
    return e;
  }

  @Override
  public int available() {
    return buffer == null ? 0 : buffer.remaining();
  }

  @Override
  public void close() {
    cancel();
  }

  private void cancel() {
    Flow.Subscription s;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      s = subscription;
    }
    if (s != null && !ended) {
      s.cancel(); // closes the connection: the rest of the body is not wanted
    }
  }
}
