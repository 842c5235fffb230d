package io.jaci.core.store;

import io.jaci.core.spec.ImageId;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes what is read and, at the end of the stream, checks the digest and the size against
 * the image ID (like umoci's {@code VerifiedReadCloser}): a damaged blob fails its last read.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final ImageId id;
  private final long expectedSize;
  private final MessageDigest digest;
  private long size;
  private boolean checked;

  VerifyingInputStream(InputStream in, ImageId id, long expectedSize) {
    super(in);
    this.id = id;
    this.expectedSize = expectedSize;
    try {
      this.digest = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-512", e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
      size += n;
      if (size > expectedSize) {
        throw damaged("it is longer than the " + expectedSize + " bytes indexed");
      }
    } else if (n < 0 && !checked) {
      checked = true;
      if (size != expectedSize) {
        throw damaged("it has " + size + " bytes, not the " + expectedSize + " indexed");
      }
      String hex = HexFormat.of().formatHex(digest.digest());
      if (!hex.equals(id.hex())) {
        throw damaged("its SHA-512 is sha512-" + hex.substring(0, 12) + "...");
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipped bytes must be hashed too
    byte[] buffer = new byte[(int) Math.min(n, 1 << 16)];
    long done = 0;
    while (done < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private IOException damaged(String why) {
    return new IOException("the stored blob of " + id + " is damaged (" + why + "): run"
        + " 'jaci image verify --repair' and import the image again");
  }
}
