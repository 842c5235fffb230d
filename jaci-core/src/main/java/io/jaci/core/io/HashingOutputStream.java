package io.jaci.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Passes bytes through while computing their SHA-512 and counting them. */
public final class HashingOutputStream extends FilterOutputStream {
  private final MessageDigest digest;
  private long count;

  public HashingOutputStream(OutputStream out) {
    super(out);
    this.digest = sha512();
  }

  static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-512", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    digest.update((byte) b);
    count++;
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    digest.update(b, off, len);
    count += len;
    out.write(b, off, len);
  }

  /** The SHA-512 of everything written; call once, after the last write. */
  public byte[] digest() {
    return digest.digest();
  }

  /** How many bytes went through. */
  public long count() {
    return count;
  }
}
