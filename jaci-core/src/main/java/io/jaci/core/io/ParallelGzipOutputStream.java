package io.jaci.core.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream whose deflate work runs on all cores, the way pigz does it: the input is cut
 * into 128 KiB blocks, each block is deflated on its own with the previous block's last
 * 32 KiB as its dictionary and ends on a sync flush, and the pieces are written in order.
 * The result is one ordinary gzip member that any gunzip reads, as small as a serial deflate
 * to within a fraction of a percent, and the same bytes for the same input (mtime 0).
 *
 * <p>Not thread-safe; {@link #close()} (or {@link #finish()}) writes the trailer.
 */
public final class ParallelGzipOutputStream extends OutputStream {
  static final int BLOCK_SIZE = 128 * 1024;
  private static final int DICTIONARY_SIZE = 32 * 1024;
  private static final ExecutorService SHARED_POOL = newPool();

  /** Per worker thread, one Deflater per level (a Deflater's level is fixed here). */
  private static final ThreadLocal<Deflater[]> DEFLATERS =
      ThreadLocal.withInitial(() -> new Deflater[10]);

  private final OutputStream out;
  private final int level;
  private final ExecutorService pool;
  private final int maxInFlight;
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();
  private byte[] block = new byte[BLOCK_SIZE];
  private int fill;
  private byte[] dictionary;
  private long uncompressedSize;
  private boolean finished;
  private boolean closed;

  public ParallelGzipOutputStream(OutputStream out) throws IOException {
    this(out, Compression.DEFAULT_GZIP_LEVEL);
  }

  public ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
    this.out = out;
    this.level = level;
    this.pool = SHARED_POOL;
    this.maxInFlight = 4 * Runtime.getRuntime().availableProcessors() + 2;
    writeHeader();
  }

  private static ExecutorService newPool() {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "jaci-deflate");
      t.setDaemon(true);
      return t;
    });
  }

  private void writeHeader() throws IOException {
    byte xfl = (byte) (level == 9 ? 2 : level == 1 ? 4 : 0);
    // magic, CM=deflate, no flags, mtime 0 (reproducible), XFL, OS=unknown
    out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, xfl, (byte) 0xff});
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("write after finish");
    }
    while (len > 0) {
      int n = Math.min(len, BLOCK_SIZE - fill);
      System.arraycopy(b, off, block, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == BLOCK_SIZE) {
        submitBlock(false);
      }
    }
  }

  private void submitBlock(boolean last) throws IOException {
    final byte[] data = block;
    final int length = fill;
    final byte[] dict = dictionary;
    crc.update(data, 0, length);
    uncompressedSize += length;
    dictionary = length >= DICTIONARY_SIZE ? Arrays.copyOfRange(data, length - DICTIONARY_SIZE, length) : null;
    inFlight.add(pool.submit(() -> deflate(data, length, dict, last, level)));
    block = last ? null : new byte[BLOCK_SIZE];
    fill = 0;
    while (inFlight.size() >= maxInFlight) {
      writeOldest();
    }
  }

  private void writeOldest() throws IOException {
    Future<byte[]> next = inFlight.poll();
    try {
      out.write(next.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      throw new IOException("compressing: " + e.getCause().getMessage(), e.getCause());
    }
  }

  static byte[] deflate(byte[] data, int length, byte[] dict, boolean last, int level) {
    Deflater[] byLevel = DEFLATERS.get();
    int index = level < 0 ? 6 : level;
    Deflater deflater = byLevel[index];
    if (deflater == null) {
      deflater = new Deflater(index, true);
      byLevel[index] = deflater;
    }
    // Deflating random-looking data (compressed files, keys, media) costs as much CPU as
    // text and gains nothing: such blocks are stored.
    if (looksIncompressible(data, length)) {
      return stored(data, length, last);
    }
    deflater.reset();
    if (dict != null) {
      deflater.setDictionary(dict);
    }
    deflater.setInput(data, 0, length);
    byte[] buf = new byte[length + (length >> 3) + 64];
    int size = 0;
    if (last) {
      deflater.finish();
      while (!deflater.finished()) {
        if (size == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        size += deflater.deflate(buf, size, buf.length - size, Deflater.NO_FLUSH);
      }
    } else {
      // A sync flush ends the piece on a byte boundary; when it fills the buffer it must be
      // called again with more room (Deflater#deflate's contract).
      while (true) {
        int n = deflater.deflate(buf, size, buf.length - size, Deflater.SYNC_FLUSH);
        size += n;
        if (size < buf.length) {
          break;
        }
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    }
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }

  /**
   * The block as deflate "stored" blocks (RFC 1951 3.2.4). The previous piece ended on a
   * sync flush, so the stream is byte-aligned here.
   */
  static byte[] stored(byte[] data, int length, boolean last) {
    int blocks = Math.max(1, (length + 65534) / 65535);
    byte[] out = new byte[length + 5 * blocks];
    int o = 0;
    for (int b = 0, off = 0; b < blocks; b++) {
      int n = Math.min(65535, length - off);
      out[o++] = (byte) (last && b == blocks - 1 ? 1 : 0);
      out[o++] = (byte) n;
      out[o++] = (byte) (n >>> 8);
      out[o++] = (byte) ~n;
      out[o++] = (byte) (~n >>> 8);
      System.arraycopy(data, off, out, o, n);
      o += n;
      off += n;
    }
    return out;
  }

  /**
   * Whether the block's byte histogram is so flat (order-0 entropy above 7.9 bits a byte)
   * that deflate could save at most about 1%: the mark of compressed or random data.
   */
  static boolean looksIncompressible(byte[] data, int length) {
    if (length < 4096) {
      return false;
    }
    // every 4th byte is plenty to tell noise from data: the estimate is off by ~0.01 bit
    int[] counts = new int[256];
    int samples = 0;
    for (int i = 0; i < length; i += 4) {
      counts[data[i] & 0xff]++;
      samples++;
    }
    double entropy = 0;
    for (int c : counts) {
      if (c != 0) {
        double p = (double) c / samples;
        entropy -= p * Math.log(p);
      }
    }
    return entropy / Math.log(2) > 7.9;
  }

  /** Compresses what is buffered, writes the rest and the gzip trailer; does not close. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    submitBlock(true);
    finished = true;
    while (!inFlight.isEmpty()) {
      writeOldest();
    }
    int c = (int) crc.getValue();
    int s = (int) uncompressedSize;
    out.write(new byte[] {
        (byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
        (byte) s, (byte) (s >>> 8), (byte) (s >>> 16), (byte) (s >>> 24)});
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      finish();
    } finally {
      for (Future<byte[]> f : inFlight) {
        f.cancel(false);
      }
      out.close();
    }
  }
}
