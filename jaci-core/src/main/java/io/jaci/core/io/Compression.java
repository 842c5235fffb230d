package io.jaci.core.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The compressions a tar stream comes in, recognised by their magic bytes, never by a file
 * name: an ACI is {@code *.aci} whatever it holds.
 */
public enum Compression {
  NONE("none"),
  GZIP("gzip"),
  BZIP2("bzip2"),
  XZ("xz"),
  ZSTD("zstd");

  private static final int IO_BUFFER = 1 << 16;
  private static final int TAR_MAGIC_OFFSET = 257;

  private final String displayName;

  Compression(String displayName) {
    this.displayName = displayName;
  }

  /** The lower-case name used on the command line and in messages. */
  public String displayName() {
    return displayName;
  }

  /** Parses {@code gzip}, {@code bzip2}, {@code xz}, {@code zstd} or {@code none}. */
  public static Compression parse(String name) {
    for (Compression c : values()) {
      if (c.displayName.equals(name.toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown compression \"" + name + "\": use gzip, bzip2, xz, zstd or none");
  }

  /**
   * Names the compression of a stream from its first bytes, or {@code null} when the bytes
   * are neither a known compression nor a tar archive.
   */
  public static Compression detect(byte[] head, int length) {
    if (startsWith(head, length, 0x1f, 0x8b)) {
      return GZIP;
    }
    if (startsWith(head, length, 0x42, 0x5a, 0x68)) {
      return BZIP2;
    }
    if (startsWith(head, length, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) {
      return XZ;
    }
    if (startsWith(head, length, 0x28, 0xb5, 0x2f, 0xfd)) {
      return ZSTD;
    }
    if (length >= TAR_MAGIC_OFFSET + 5
        && Arrays.equals(head, TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5,
            "ustar".getBytes(StandardCharsets.US_ASCII), 0, 5)) {
      return NONE;
    }
    return null;
  }

  private static boolean startsWith(byte[] head, int length, int... magic) {
    if (length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Detects the compression of {@code in} and returns the decompressed tar stream.
   *
   * @throws UnknownFormatException when the stream is neither a tar archive nor compressed
   */
  public static InputStream decompressing(InputStream in) throws IOException {
    return decompressing(in, c -> {});
  }

  /**
   * Like {@link #decompressing(InputStream)}, telling {@code detected} which compression it
   * found before it reads further.
   */
  public static InputStream decompressing(InputStream in,
      java.util.function.Consumer<Compression> detected) throws IOException {
    BufferedInputStream buffered = buffered(in);
    Compression c = detect(buffered);
    detected.accept(c);
    return c.decompress(buffered);
  }

  /** {@code in} buffered enough for {@link #detect(BufferedInputStream)} and decompression. */
  public static BufferedInputStream buffered(InputStream in) {
    return new BufferedInputStream(in, IO_BUFFER);
  }

  /**
   * The compression of the data {@code in} holds, read from its first bytes, which remain to
   * be read.
   *
   * @throws UnknownFormatException when the stream is neither a tar archive nor compressed
   */
  public static Compression detect(BufferedInputStream in) throws IOException {
    byte[] head = new byte[512];
    in.mark(head.length);
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    Compression c = detect(head, n);
    if (c == null) {
      throw new UnknownFormatException(n == 0 ? "the file is empty"
          : "not a tar archive, nor gzip, bzip2, xz or zstd data");
    }
    return c;
  }

  /** Wraps {@code in}, which holds data of this compression, into the uncompressed stream. */
  public InputStream decompress(InputStream in) throws IOException {
    switch (this) {
      case NONE:
        return in;
      case GZIP:
        return new GZIPInputStream(new AvailableUntilEnd(in), IO_BUFFER);
      case BZIP2:
        return DecoderErrors.bzip2(in);
      case XZ:
        return NativeXz.decompress(in); // liblzma when present: twice XZ for Java's speed
      case ZSTD:
        return DecoderErrors.zstd(in);
      default:
        throw new AssertionError(this);
    }
  }

  /** Wraps {@code out} so that what is written to the result reaches it compressed. */
  public OutputStream compress(OutputStream out) throws IOException {
    return compress(out, DEFAULT_LEVEL);
  }

  /** The level each compression picks when none is given. */
  public static final int DEFAULT_LEVEL = -1;

  /**
   * The gzip level jaci uses by default. Level 3 is zlib's strongest greedy level: on text it
   * takes about half of level 6's CPU for about 8% more bytes, which on a typical tree (part
   * text, part already-compressed data) is 3 to 4% (measured in BENCHMARKS.md). With
   * libdeflate, {@link ParallelGzipOutputStream} uses its level 2, which is smaller still and
   * faster.
   */
  public static final int DEFAULT_GZIP_LEVEL = 3;

  /**
   * Wraps {@code out} with compression at {@code level} (1 fastest to 9 smallest, or
   * {@link #DEFAULT_LEVEL}); ignored without compression.
   */
  public OutputStream compress(OutputStream out, int level) throws IOException {
    if (level != DEFAULT_LEVEL && (level < 1 || level > 9)) {
      throw new IllegalArgumentException("compression level " + level + " is outside 1..9");
    }
    switch (this) {
      case NONE:
        return out;
      case GZIP:
        return new ParallelGzipOutputStream(out, level == DEFAULT_LEVEL ? DEFAULT_GZIP_LEVEL : level);
      case BZIP2:
        return new BZip2CompressorOutputStream(out, level == DEFAULT_LEVEL ? 9 : level);
      case XZ:
        return new XZOutputStream(out,
            new LZMA2Options(level == DEFAULT_LEVEL ? LZMA2Options.PRESET_DEFAULT : level));
      case ZSTD:
        return new com.github.luben.zstd.ZstdOutputStream(out,
            level == DEFAULT_LEVEL ? 3 : level * 2);
      default:
        throw new AssertionError(this);
    }
  }

  /**
   * Java 17's GZIPInputStream reads on into a next gzip member only when {@code available()}
   * is above 0 or enough input is already buffered (JDK-7036144): from a pipe or a socket
   * with nothing ready at that moment it would silently end a multi-member stream (what jaci
   * writes with libdeflate) early. This stream's {@code available()} waits for a byte
   * instead, and says 0 only at the end.
   */
  private static final class AvailableUntilEnd extends BufferedInputStream {
    AvailableUntilEnd(InputStream in) {
      super(in, 8192); // small: GZIPInputStream's bigger reads bypass it
    }

    @Override
    public synchronized int available() throws IOException {
      int n = super.available();
      if (n > 0) {
        return n;
      }
      mark(1);
      int b = read();
      reset();
      return b < 0 ? 0 : super.available();
    }
  }

  /**
   * Compressed data that its decoder cannot decode (damaged, or beyond what jaci allows), in
   * a message that says so, e.g. {@code corrupt bzip2 data (Bad block header)}.
   */
  public static final class DamagedDataException extends IOException {
    private static final long serialVersionUID = 1L;

    public DamagedDataException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Raised when a stream's first bytes match no format jaci reads. */
  public static final class UnknownFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnknownFormatException(String message) {
      super(message);
    }
  }
}
