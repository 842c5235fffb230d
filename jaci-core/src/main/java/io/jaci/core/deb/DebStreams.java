package io.jaci.core.deb;

import io.jaci.core.JaciException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a list of {@code .deb} files on a second thread: it opens each, reads its control
 * archive and decompresses its data tar (xz mostly, the slow part) into a bounded queue,
 * while the caller turns the previous bytes into image entries. So decompression and tar
 * writing (hashing, compressing) use both cores.
 */
final class DebStreams implements AutoCloseable {
  private static final int CHUNK = 1 << 18;
  private static final int QUEUED_CHUNKS = 32;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
  private final Thread producer;
  private volatile boolean closed;

  /** One package as the caller receives it. */
  record Item(DebFile.Control control, InputStream data) {}

  DebStreams(List<Path> debs, List<String> names) {
    producer = new Thread(() -> produce(debs, names), "jaci-deb-decompress");
    producer.setDaemon(true);
    producer.start();
  }

  private void produce(List<Path> debs, List<String> names) {
    try {
      for (int i = 0; i < debs.size() && !closed; i++) {
        try (InputStream raw = Files.newInputStream(debs.get(i));
            DebFile deb = DebFile.open(raw, names.get(i))) {
          put(deb.control());
          try (InputStream data = deb.data()) {
            byte[] buf = new byte[CHUNK];
            int n;
            while ((n = data.readNBytes(buf, 0, CHUNK)) > 0) {
              put(n == CHUNK ? buf : Arrays.copyOf(buf, n));
              buf = new byte[CHUNK];
            }
          } catch (IOException e) {
            throw deb.failure(e);
          }
          put(END);
        } catch (IOException e) {
          throw new JaciException(names.get(i) + ": " + e.getMessage(), e);
        }
      }
    } catch (JaciException e) {
      putQuietly(e);
    } catch (InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      putQuietly(e);
    }
  }

  private void put(Object o) throws InterruptedException {
    while (!closed) {
      if (queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
    throw new InterruptedException();
  }

  private void putQuietly(Object o) {
    try {
      put(o);
    } catch (InterruptedException e) {
      // the reader has gone
    }
  }

  private Object take() throws JaciException {
    try {
      Object o = queue.take();
      if (o instanceof JaciException e) {
        throw e;
      }
      if (o instanceof RuntimeException e) {
        throw e;
      }
      return o;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException("interrupted", e);
    }
  }

  /** The next package; read its data to the end before asking for the next one. */
  Item next() throws JaciException {
    Object o = take();
    if (!(o instanceof DebFile.Control control)) {
      throw new IllegalStateException("the previous package's data was not read to its end");
    }
    return new Item(control, new QueueStream());
  }

  /** The data tar of the current package, ending where the producer put {@link #END}. */
  private final class QueueStream extends InputStream {
    private byte[] chunk = new byte[0];
    private int pos;
    private boolean end;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (pos == chunk.length) {
        if (end) {
          return -1;
        }
        Object o;
        try {
          o = take();
        } catch (JaciException e) {
          throw new DebReadException(e);
        }
        chunk = (byte[]) o;
        pos = 0;
        if (chunk == END) {
          end = true;
        }
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      while (read(new byte[CHUNK], 0, CHUNK) >= 0) {
        // drain to the package's end so that next() finds the next package
      }
    }
  }

  /** Carries the producer's one-line failure through an InputStream read. */
  static final class DebReadException extends IOException {
    private static final long serialVersionUID = 1L;
    private final JaciException failure;

    DebReadException(JaciException failure) {
      super(failure.getMessage(), failure);
      this.failure = failure;
    }

    JaciException failure() {
      return failure;
    }
  }

  @Override
  public void close() {
    closed = true;
    queue.clear();
    producer.interrupt();
  }
}
