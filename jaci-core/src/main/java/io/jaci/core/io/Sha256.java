package io.jaci.core.io;

/**
 * SHA-256 (the digest of OCI blobs and layer diff IDs) through the system's OpenSSL when it
 * can be loaded, else the JDK's, as {@link Sha512} does it: a short-lived CLI with only the
 * quick JIT hashes much faster through OpenSSL.
 */
public final class Sha256 {
  private final Sha512 impl;

  private Sha256(Sha512 impl) {
    this.impl = impl;
  }

  /** A new digest. */
  public static Sha256 create() {
    return new Sha256(Sha512.create(true));
  }

  public void update(byte[] b, int off, int len) {
    impl.update(b, off, len);
  }

  /** The 32-byte digest of everything given; the object is spent afterwards. */
  public byte[] digest() {
    return impl.digest();
  }
}
