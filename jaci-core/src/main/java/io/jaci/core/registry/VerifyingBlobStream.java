package io.jaci.core.registry;

import io.jaci.core.io.TimedBodyStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes what is read and, at the end of the stream, checks the size and the digest (like
 * umoci's {@code VerifiedReadCloser}): the read that would return end-of-stream throws instead
 * when the content does not match, and so does every read after it. A reader that commits
 * data only after seeing end-of-stream therefore never commits unverified bytes. (An
 * {@link InputStream}, not a filter, so that {@code skip} reads, and hashes, what it skips.)
 */
final class VerifyingBlobStream extends InputStream {
  private final InputStream in;
  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final MessageDigest md;
  private long size;
  private boolean verified;
  private IOException failure;

  /**
   * @param expectedSize the size the blob must have, or -1 if unknown
   * @param what names the blob in messages, e.g. {@code docker://h/r: blob sha256:...}
   */
  VerifyingBlobStream(InputStream in, Digest expected, long expectedSize, String what) {
    this.in = in;
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
    this.md = expected.newMessageDigest();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (verified) {
      return -1;
    }
    int n;
    try {
      n = in.read(b, off, len);
    } catch (TimedBodyStream.StalledException e) {
      throw fail(e); // one line naming the registry and the blob already
    } catch (IOException e) {
      throw fail(new IOException(what + ": reading failed after " + size + " bytes: "
          + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e));
    }
    if (n > 0) {
      md.update(b, off, n);
      size += n;
      if (expectedSize >= 0 && size > expectedSize) {
        throw fail(new BlobMismatchException(what + " is longer than the " + expectedSize
            + " bytes its descriptor gives; nothing of it may be used"));
      }
    } else if (n < 0) {
      verify();
    }
    return n;
  }

  private void verify() throws IOException {
    if (expectedSize >= 0 && size != expectedSize) {
      throw fail(new BlobMismatchException(what + " has " + size + " bytes, not the "
          + expectedSize + " its descriptor gives; nothing of it may be used"));
    }
    String hex = HexFormat.of().formatHex(md.digest());
    if (!hex.equals(expected.hex())) {
      throw fail(new BlobMismatchException(what + " does not match its digest: the " + size
          + " bytes received have digest " + expected.algorithm() + ":" + hex
          + "; nothing of it may be used"));
    }
    verified = true;
  }

  private IOException fail(IOException e) {
    failure = e;
    return e;
  }

  @Override
  public int available() throws IOException {
    return failure != null || verified ? 0 : in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** The content of a blob does not match its digest or size. */
  static final class BlobMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    BlobMismatchException(String message) {
      super(message);
    }
  }
}
