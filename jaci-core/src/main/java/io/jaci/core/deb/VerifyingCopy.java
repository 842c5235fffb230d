package io.jaci.core.deb;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Passes a stream through while hashing it; the read that reaches its end (or passes the
 * expected size) throws {@link Mismatch} when SHA256 or size differ from the Release's, so
 * that nothing built from unverified bytes is kept.
 */
final class VerifyingCopy extends FilterInputStream {
  private final MessageDigest md = VerifiedDownload.sha256();
  private final ReleaseFile.Checksum expected;
  private final URI uri;
  private long count;
  private boolean checked;

  /** The stream is not what the Release file says. */
  static final class Mismatch extends IOException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message);
    }
  }

  VerifyingCopy(InputStream in, ReleaseFile.Checksum expected, URI uri) {
    super(in);
    this.expected = expected;
    this.uri = uri;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      check();
      return -1;
    }
    md.update(b, off, n);
    count += n;
    if (count > expected.size()) {
      throw new Mismatch(uri + ": larger than the " + expected.size()
          + " bytes the Release file says (mirror out of sync? try again later)");
    }
    return n;
  }

  private void check() throws Mismatch {
    if (checked) {
      return;
    }
    checked = true;
    if (count != expected.size()) {
      throw new Mismatch(uri + ": " + count + " bytes, the Release file says " + expected.size());
    }
    String actual = HexFormat.of().formatHex(md.digest());
    if (!actual.equals(expected.sha256())) {
      throw new Mismatch(uri + ": SHA256 mismatch with the Release file: expected "
          + expected.sha256() + ", got " + actual);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skip is not supported while verifying");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
