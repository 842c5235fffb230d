package io.jaci.core.docker;

import io.jaci.core.io.Compression;
import java.io.IOException;
import java.io.InputStream;

/**
 * A layer's tar stream decompressed (gzip, zstd or none, told by its magic bytes). At the
 * end of the tar data it reads the compressed stream below to its end too, since a
 * decompressor may stop before it, and the stream below checks its digest only there.
 */
final class UncompressedLayer extends InputStream {
  private final InputStream raw;
  private final InputStream tar;
  private boolean ended;

  private UncompressedLayer(InputStream raw, InputStream tar) {
    this.raw = raw;
    this.tar = tar;
  }

  /**
   * @param what names the layer in messages
   * @throws IOException when the data is neither a tar nor compressed by a known method
   */
  static InputStream of(InputStream raw, String what) throws IOException {
    try {
      return new UncompressedLayer(raw, Compression.decompressing(raw));
    } catch (Compression.UnknownFormatException e) {
      raw.close();
      throw new IOException(what + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (ended) {
      return -1;
    }
    int n;
    try {
      n = tar.read(b, off, len);
    } catch (IOException damaged) {
      // a damaged blob usually breaks the decompressor before its end: say what the digest
      // check at the end says, the real cause, if it fails
      try {
        raw.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException mismatch) {
        if (mismatch != damaged) { // the decompressor may pass on the check's own exception
          mismatch.addSuppressed(damaged);
        }
        throw mismatch;
      }
      throw damaged;
    }
    if (n < 0) {
      raw.transferTo(java.io.OutputStream.nullOutputStream());
      ended = true;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    try {
      tar.close();
    } finally {
      raw.close();
    }
  }
}
