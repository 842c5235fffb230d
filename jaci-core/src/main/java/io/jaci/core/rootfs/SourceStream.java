package io.jaci.core.rootfs;

import io.jaci.core.ProgressListener;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.ProgressInputStream;
import io.jaci.core.tar.TarFormatException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.apache.commons.io.input.ReadAheadInputStream;

/**
 * The tar stream of a source tarball: decompressed (as its magic bytes say) on a thread of its
 * own, a block ahead of the reader, with every failure of the source marked as such, so that
 * a corrupt or truncated input is reported against the source and not the output.
 */
final class SourceStream implements Closeable {
  private final InputStream stream;

  private SourceStream(InputStream stream) {
    this.stream = stream;
  }

  /** A failure reading the source data (as opposed to writing the image). */
  static final class SourceReadException extends IOException {
    private static final long serialVersionUID = 1L;

    SourceReadException(String message, IOException cause) {
      super(message, cause);
    }
  }

  /**
   * The tar stream in {@code raw}, decompressed by {@code xzProgram} if that is not null and
   * the data is xz, else in Java.
   */
  static SourceStream open(InputStream raw, ProgressListener progress, int readAhead,
      Path xzProgram) throws IOException {
    BufferedInputStream buffered = Compression.buffered(new ProgressInputStream(raw, progress));
    Compression c;
    InputStream decompressed;
    try {
      c = Compression.detect(buffered);
    } catch (Compression.UnknownFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new SourceReadException("reading: " + IoMessages.describe(e), e);
    }
    try {
      decompressed = c == Compression.XZ && xzProgram != null
          ? XzProgram.decompress(xzProgram, buffered) : c.decompress(buffered);
    } catch (IOException e) {
      throw Marking.mark(e, c); // a decompressor that reads its first block at once
    }
    InputStream marked = new Marking(decompressed, c);
    return new SourceStream(ReadAheadInputStream.builder().setInputStream(marked)
        .setBufferSize(readAhead).get());
  }

  InputStream stream() {
    return stream;
  }

  /**
   * Reads what follows the tar's end-of-archive marker (GNU tar pads to 10 KiB) to the end of
   * the compressed stream, so that the decompressor checks its trailer and checksum.
   */
  void drain() throws IOException {
    byte[] scratch = new byte[1 << 16];
    while (stream.read(scratch) >= 0) {
      // discarded: what follows the archive is not part of it
    }
  }

  /**
   * What made the tar stream unreadable: a decompressor finds damaged data only at the end of
   * a block (its checksum), after it has handed out what it decoded, so damage usually shows
   * first as a bad tar header. Reads on to that checksum and returns the decompressor's
   * failure if there is one, else {@code tarFailure}.
   */
  IOException failureBehind(IOException tarFailure) {
    try {
      drain();
    } catch (SourceReadException decoderFailure) {
      return decoderFailure;
    } catch (IOException ignored) {
      // nothing more to learn than the tar failure
    }
    return tarFailure;
  }

  /** Whether {@code e} says that the source is not a readable tarball. */
  static boolean isSourceFailure(IOException e) {
    return e instanceof SourceReadException || e instanceof TarFormatException
        || e instanceof EOFException || e instanceof Compression.UnknownFormatException;
  }

  /** What is wrong with the source, for a message that names it in front. */
  static String describe(IOException e) {
    if (e instanceof EOFException) {
      return "the archive ends inside an entry (the file is truncated)";
    }
    return e.getMessage();
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }

  /** Marks the decompressor's failures as failures of the source, naming the compression. */
  private static final class Marking extends FilterInputStream {
    private final Compression compression;

    Marking(InputStream in, Compression compression) {
      super(in);
      this.compression = compression;
    }

    @Override
    public int read() throws IOException {
      try {
        return in.read();
      } catch (IOException e) {
        throw mark(e, compression);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw mark(e, compression);
      }
    }

    static IOException mark(IOException e, Compression compression) {
      if (e instanceof SourceReadException) {
        return e;
      }
      if (e instanceof Compression.DamagedDataException) {
        return new SourceReadException(e.getMessage(), e); // says what is wrong already
      }
      if (compression == Compression.NONE) {
        return new SourceReadException("reading: " + IoMessages.describe(e), e);
      }
      String what = compression.displayName() + " data";
      String detail = e.getMessage() != null ? " (" + e.getMessage() + ")" : "";
      String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      boolean truncated = e instanceof EOFException || m.contains("trunc")
          || m.contains("unexpected end") || m.contains("ended unexpectedly");
      return new SourceReadException(truncated
          ? "truncated " + what + ": the stream ends early" + detail
          : "corrupt " + what + detail, e);
    }
  }
}
