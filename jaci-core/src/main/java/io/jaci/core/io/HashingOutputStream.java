package io.jaci.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes bytes through while computing their SHA-512 and counting them. */
public final class HashingOutputStream extends FilterOutputStream {
  private final Sha512 digest;
  private long count;

  public HashingOutputStream(OutputStream out) {
    super(out);
    this.digest = Sha512.create();
  }


  @Override
  public void write(int b) throws IOException {
    digest.update(new byte[] {(byte) b}, 0, 1);
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
