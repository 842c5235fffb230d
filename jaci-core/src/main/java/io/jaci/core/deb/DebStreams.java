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
 * Reads a list of {@code .deb} files on other threads: each worker takes the next package,
 * opens it, reads its control archive and decompresses its data tar (xz mostly, the slow
 * part) into that package's bounded queue, while the caller turns the bytes of the packages
 * before into image entries. Two workers decompress two packages at once, so decompression
 * (serial per package) is not what the whole build waits for, and hashing and compressing
 * the image run beside it: both cores are busy. Memory stays bounded: a worker that is
 * ahead waits on its package's full queue.
 */
final class DebStreams implements AutoCloseable {
  private static final int CHUNK = 1 << 18;
  private static final int QUEUED_CHUNKS = 16;
  private static final int WORKERS = 2;
  private static final byte[] END = new byte[0];

  private final List<BlockingQueue<Object>> queues = new java.util.ArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger nextToProduce =
      new java.util.concurrent.atomic.AtomicInteger();
  private final List<Thread> workers = new java.util.ArrayList<>();
  private int nextToRead;
  private BlockingQueue<Object> queue;
  private volatile boolean closed;

  /** One package as the caller receives it. */
  record Item(DebFile.Control control, InputStream data) {}

  DebStreams(List<Path> debs, List<String> names) {
    for (int i = 0; i < debs.size(); i++) {
      queues.add(new ArrayBlockingQueue<>(QUEUED_CHUNKS));
    }
    for (int w = 0; w < Math.min(WORKERS, debs.size()); w++) {
      Thread t = new Thread(() -> produce(debs, names), "jaci-deb-decompress");
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  private void produce(List<Path> debs, List<String> names) {
    for (int i = nextToProduce.getAndIncrement(); i < debs.size() && !closed;
        i = nextToProduce.getAndIncrement()) {
      BlockingQueue<Object> q = queues.get(i);
      try {
        produceOne(q, debs.get(i), names.get(i));
      } catch (JaciException | RuntimeException e) {
        putQuietly(q, e);
      } catch (InterruptedException e) {
        return; // closed
      }
    }
  }

  private void produceOne(BlockingQueue<Object> q, Path file, String name)
      throws JaciException, InterruptedException {
    try (InputStream raw = Files.newInputStream(file);
        DebFile deb = DebFile.open(raw, name)) {
      put(q, deb.control());
      try (InputStream data = deb.data()) {
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = data.readNBytes(buf, 0, CHUNK)) > 0) {
          put(q, n == CHUNK ? buf : Arrays.copyOf(buf, n));
          buf = new byte[CHUNK];
        }
      } catch (IOException e) {
        throw deb.failure(e);
      }
      put(q, END);
    } catch (IOException e) {
      throw new JaciException(name + ": " + e.getMessage(), e);
    }
  }

  private void put(BlockingQueue<Object> q, Object o) throws InterruptedException {
    while (!closed) {
      if (q.offer(o, 100, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
    throw new InterruptedException();
  }

  private void putQuietly(BlockingQueue<Object> q, Object o) {
    try {
      put(q, o);
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
    queue = queues.get(nextToRead++);
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
    queues.forEach(BlockingQueue::clear);
    workers.forEach(Thread::interrupt);
  }
}
