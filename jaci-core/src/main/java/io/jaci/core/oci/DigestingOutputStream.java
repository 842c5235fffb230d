package io.jaci.core.oci;

import io.jaci.core.io.Sha256;
import io.jaci.core.registry.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HexFormat;

/** Passes bytes through while computing their SHA-256 (the OCI digest) and counting them. */
final class DigestingOutputStream extends FilterOutputStream {
  private final Sha256 sha256 = Sha256.create();
  private long count;

  DigestingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    sha256.update(b, off, len);
    count += len;
    out.write(b, off, len);
  }

  /** The digest of everything written; call once, after the last write. */
  Digest digest() {
    return new Digest("sha256", HexFormat.of().formatHex(sha256.digest()));
  }

  long count() {
    return count;
  }
}
