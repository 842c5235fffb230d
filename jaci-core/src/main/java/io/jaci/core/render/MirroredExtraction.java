package io.jaci.core.render;

import io.jaci.core.JaciException;
import io.jaci.core.extract.ExtractResult;
import io.jaci.core.extract.TreeExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Extracts one tar stream with several {@link TreeExtractor}s at once, each on a thread of its
 * own, from a single read of the stream: a render that fills the tree cache lays every layer
 * down in the cache entry and in the target side by side, on two cores, instead of copying
 * the finished tree over afterwards. The stream is read to its end (where the store checks a
 * blob's SHA-512) whatever the extractors need of it.
 */
final class MirroredExtraction {
  private static final int CHUNK = 1 << 20;
  private static final int CHUNKS_AHEAD = 8;
  private static final byte[] END = new byte[0];

  private MirroredExtraction() {}

  /**
   * Extracts {@code tar} with each of {@code extractors}; returns their results in the same
   * order. The first failure of an extractor, or of reading {@code tar}, is thrown.
   */
  static List<ExtractResult> extract(InputStream tar, List<TreeExtractor> extractors)
      throws JaciException, IOException {
    ExecutorService pool = Executors.newFixedThreadPool(extractors.size(), r -> {
      Thread t = new Thread(r, "jaci-extract");
      t.setDaemon(true);
      return t;
    });
    List<Pipe> pipes = new ArrayList<>();
    List<Future<ExtractResult>> results = new ArrayList<>();
    try {
      for (TreeExtractor extractor : extractors) {
        Pipe pipe = new Pipe();
        pipes.add(pipe);
        results.add(pool.submit(() -> {
          try {
            return extractor.extract(pipe);
          } finally {
            pipe.abandon(); // the reader need not wait for a consumer that has stopped
          }
        }));
      }
      try {
        for (byte[] chunk = read(tar); chunk.length > 0; chunk = read(tar)) {
          for (Pipe p : pipes) {
            p.put(chunk);
          }
        }
      } finally {
        for (Pipe p : pipes) {
          p.put(END);
        }
      }
      List<ExtractResult> done = new ArrayList<>();
      for (Future<ExtractResult> f : results) {
        done.add(f.get());
      }
      return done;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while extracting");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof JaciException j) {
        throw j;
      }
      throw cause instanceof IOException io ? io : new IOException(cause);
    } finally {
      pipes.forEach(Pipe::abandon);
      pool.shutdownNow();
      awaitExtractors(pool);
    }
  }

  /**
   * The next chunk, empty at the end. Read with large reads into the chunk itself (the
   * one-argument readNBytes reads 8 KiB at a time and copies them together, which made the
   * store's verifying stream hash in 8 KiB pieces, at a cost of a task each).
   */
  private static byte[] read(InputStream tar) throws IOException {
    byte[] chunk = new byte[CHUNK];
    int n = tar.readNBytes(chunk, 0, CHUNK);
    return n == CHUNK ? chunk : Arrays.copyOf(chunk, n);
  }

  /**
   * Waits until no extractor runs any more, so that the caller may delete what they wrote:
   * they stop at the interrupt, in a read or a write.
   */
  private static void awaitExtractors(ExecutorService pool) throws InterruptedIOException {
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while extracting");
    }
  }

  /** The chunks for one extractor, as a stream; chunks are shared, never written to. */
  private static final class Pipe extends InputStream {
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private volatile boolean abandoned;
    private byte[] current = new byte[0];
    private int offset;
    private boolean ended;

    /** Hands a chunk over, waiting while the extractor is behind, unless it has stopped. */
    void put(byte[] chunk) throws InterruptedException {
      while (!abandoned) {
        if (chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    }

    void abandon() {
      abandoned = true;
    }

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
      while (offset == current.length) {
        if (ended) {
          return -1;
        }
        try {
          current = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while extracting");
        }
        offset = 0;
        ended = current == END;
      }
      int n = Math.min(len, current.length - offset);
      System.arraycopy(current, offset, b, off, n);
      offset += n;
      return n;
    }
  }
}
