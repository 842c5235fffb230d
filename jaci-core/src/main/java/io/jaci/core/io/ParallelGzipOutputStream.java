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
 * <p>With the system's libdeflate (see {@link Libdeflate}), which has no dictionary and no
 * sync flush but deflates two to three times as fast, each block becomes a whole gzip member
 * instead, and the stream is a multi-member gzip file (RFC 1952 2.2), which gunzip, Go's
 * compress/gzip, Java's GZIPInputStream and Python read as one stream.
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
  /** Whether each block is a gzip member of its own, made by libdeflate. */
  private final boolean members;
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

  /** Gzip at zlib's {@code level} 1-9, with libdeflate (at a level as fast or faster for no
   * more bytes, see {@link #libdeflateLevel}) when it can be loaded. */
  public ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
    this(out, level, Libdeflate.available());
  }

  ParallelGzipOutputStream(OutputStream out, int level, boolean libdeflate) throws IOException {
    if (libdeflate && !Libdeflate.available()) {
      throw new IllegalStateException("libdeflate is not loaded");
    }
    this.out = out;
    this.level = level;
    this.members = libdeflate;
    this.pool = SHARED_POOL;
    this.maxInFlight = 4 * Runtime.getRuntime().availableProcessors() + 2;
    if (!members) {
      out.write(header(level));
    }
  }

  private static ExecutorService newPool() {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "jaci-deflate");
      t.setDaemon(true);
      return t;
    });
  }

  private static byte[] header(int level) {
    byte xfl = (byte) (level == 9 ? 2 : level == 1 ? 4 : 0);
    // magic, CM=deflate, no flags, mtime 0 (reproducible), XFL, OS=unknown
    return new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, xfl, (byte) 0xff};
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
    if (members) {
      // an empty last block adds nothing, unless the whole stream is empty: a gzip file
      // needs at least one member
      if (length > 0 || uncompressedSize == 0) {
        inFlight.add(pool.submit(() -> member(data, length, level)));
      }
    } else {
      final byte[] dict = dictionary;
      crc.update(data, 0, length);
      dictionary = length >= DICTIONARY_SIZE
          ? Arrays.copyOfRange(data, length - DICTIONARY_SIZE, length) : null;
      inFlight.add(pool.submit(() -> deflate(data, length, dict, last, level)));
    }
    uncompressedSize += length;
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

  /**
   * The libdeflate level (1-12) used for zlib's {@code level} (the index; 0 is not used): the
   * fastest one whose output is no bigger than zlib's at that level, measured with jaci's
   * blocks on a tar of /usr/bin and /usr/share/perl and on bench/'s tree (BENCHMARKS.md).
   * libdeflate's 11 and 12 are left out: 1.2 and 1.4 times level 10's time for under 0.1%
   * less (bench/'s tree).
   */
  private static final int[] LIBDEFLATE_LEVEL = {1, 1, 2, 2, 4, 5, 7, 8, 10, 10};

  static int libdeflateLevel(int zlibLevel) {
    return LIBDEFLATE_LEVEL[zlibLevel < 0 ? 6 : zlibLevel];
  }

  /** The block as a whole gzip member: stored when it looks random, else libdeflate's. */
  static byte[] member(byte[] data, int length, int level) {
    if (!looksIncompressible(data, length)) {
      return Libdeflate.gzipMember(data, length, libdeflateLevel(level));
    }
    byte[] body = stored(data, length, true);
    CRC32 crc = new CRC32();
    crc.update(data, 0, length);
    byte[] member = Arrays.copyOf(header(level), 10 + body.length + 8);
    System.arraycopy(body, 0, member, 10, body.length);
    putTrailer(member, 10 + body.length, (int) crc.getValue(), length);
    return member;
  }

  private static void putTrailer(byte[] b, int at, int crc, int size) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (crc >>> (8 * i));
      b[at + 4 + i] = (byte) (size >>> (8 * i));
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
    if (!members) {
      byte[] trailer = new byte[8];
      putTrailer(trailer, 0, (int) crc.getValue(), (int) uncompressedSize);
      out.write(trailer);
    }
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
