package io.jaci.core.io;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * A bzip2 or zstd decoder whose own failures say what they are: the libraries' raw text
 * ("Bad block header", "Frame requires too much memory for decoding") becomes
 * {@code corrupt bzip2 data (Bad block header)} (as gzip's and xz's failures are worded),
 * and a zstd frame whose window is over the limit names its window and the limit. Failures of the stream below (a digest check, a
 * stalled download) pass through untouched: they are told apart by identity.
 */
final class DecoderErrors extends FilterInputStream {
  /** zstd's default limit for decoding (as the zstd program's): 2^27 bytes, 128 MiB. */
  static final int ZSTD_WINDOW_LOG_MAX = 27;

  private final Source source;
  private final String format;
  private final long zstdWindow;

  private DecoderErrors(InputStream decoder, Source source, String format, long zstdWindow) {
    super(decoder);
    this.source = source;
    this.format = format;
    this.zstdWindow = zstdWindow;
  }

  static InputStream bzip2(InputStream in) throws IOException {
    Source source = new Source(in);
    try {
      return new DecoderErrors(new BZip2CompressorInputStream(source, true), source, "bzip2",
          -1);
    } catch (IOException e) {
      throw translate(e, source, "bzip2", -1);
    }
  }

  static InputStream zstd(InputStream in) throws IOException {
    long window = in.markSupported() ? zstdWindow(in) : -1;
    Source source = new Source(in);
    ZstdInputStream decoder = new ZstdInputStream(source);
    decoder.setLongMax(ZSTD_WINDOW_LOG_MAX);
    return new DecoderErrors(decoder, source, "zstd", window);
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (IOException e) {
      throw translate(e, source, format, zstdWindow);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      throw translate(e, source, format, zstdWindow);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return in.skip(n);
    } catch (IOException e) {
      throw translate(e, source, format, zstdWindow);
    }
  }

  private static IOException translate(IOException e, Source source, String format,
      long window) {
    if (e == source.failure || e instanceof Compression.DamagedDataException) {
      return e;
    }
    if (e instanceof ZstdIOException z
        && z.getErrorCode() == Zstd.errFrameParameterWindowTooLarge()) {
      return new Compression.DamagedDataException("the zstd data needs "
          + (window > 0 ? "a window of " + mebibytes(window) : "a larger window")
          + " to decompress, more memory than jaci allows (" + mebibytes(1L
          << ZSTD_WINDOW_LOG_MAX) + "); compress it again with a smaller window (zstd"
          + " --long=" + ZSTD_WINDOW_LOG_MAX + " or less)", e);
    }
    String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    String lower = m.toLowerCase(Locale.ROOT);
    boolean truncated = e instanceof EOFException || lower.contains("trunc")
        || lower.contains("unexpected end") || lower.contains("ended unexpectedly");
    return new Compression.DamagedDataException(truncated ? "truncated " + format
        + " data: the stream ends early (" + m + ")" : "corrupt " + format + " data (" + m + ")",
        e);
  }

  /**
   * The window size the first zstd frame of {@code in} declares (RFC 8878, 3.1.1.1), or -1;
   * {@code in} is reset to where it was.
   */
  static long zstdWindow(InputStream in) throws IOException {
    byte[] h = new byte[14];
    in.mark(h.length);
    int n = in.readNBytes(h, 0, h.length);
    in.reset();
    if (n < 6 || (h[0] & 0xff) != 0x28 || (h[1] & 0xff) != 0xb5 || (h[2] & 0xff) != 0x2f
        || (h[3] & 0xff) != 0xfd) {
      return -1;
    }
    int descriptor = h[4] & 0xff;
    if ((descriptor & 0x20) == 0) { // a window descriptor byte: exponent and mantissa
      int wd = h[5] & 0xff;
      long base = 1L << (10 + (wd >> 3));
      return base + (base / 8) * (wd & 7);
    }
    // single segment: the window is the content size, after the dictionary ID
    int fcsFlag = descriptor >> 6;
    int offset = 5 + new int[] {0, 1, 2, 4}[descriptor & 3];
    int size = new int[] {1, 2, 4, 8}[fcsFlag];
    if (offset + size > n) {
      return -1;
    }
    long fcs = 0;
    for (int i = size - 1; i >= 0; i--) {
      fcs = fcs << 8 | (h[offset + i] & 0xff);
    }
    return fcsFlag == 1 ? fcs + 256 : fcs;
  }

  private static String mebibytes(long bytes) {
    return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }

  /** The stream below, remembering the last failure it passed on. */
  private static final class Source extends FilterInputStream {
    IOException failure;

    Source(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return in.skip(n);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }
}
