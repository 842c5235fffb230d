package io.jaci.core.trust;

import io.jaci.core.io.Sha256;
import io.jaci.core.io.Sha512;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.crypto.ExtendedDigest;

/**
 * SHA-256 or SHA-512 as a Bouncy Castle digest, computed by {@link Sha512} and {@link
 * Sha256}: the system's OpenSSL, else the JDK's. Under the launcher's quick JIT alone the
 * JDK's SHA-2 runs as compiled Java, not as its CPU-instruction intrinsics (those are the
 * optimizing compiler's), and Bouncy Castle's is Java too: hashing a 200 MiB image took
 * 2.3 s of CPU that way, 0.5 s (SHA-512) and 0.2 s (SHA-256) through OpenSSL.
 */
final class Sha2Digest implements ExtendedDigest {
  /** Digests started and not finished: each holds an OpenSSL context (tests check it). */
  private static final AtomicInteger RUNNING = new AtomicInteger();

  private final int hashAlgorithm;
  /** The running digest (one of the two), null until the first byte and once finished. */
  private Sha512 sha512;
  private Sha256 sha256;
  private final byte[] one = new byte[1];

  private Sha2Digest(int hashAlgorithm) {
    this.hashAlgorithm = hashAlgorithm;
  }

  /** Whether {@link #of} takes the OpenPGP hash algorithm {@code hashAlgorithm}. */
  static boolean supports(int hashAlgorithm) {
    return hashAlgorithm == HashAlgorithmTags.SHA256 || hashAlgorithm == HashAlgorithmTags.SHA512;
  }

  /**
   * A digest for {@code hashAlgorithm}, one of those {@link #supports} takes. Its native
   * context lives from the first byte to {@link #doFinal} or {@link #reset}: a caller that may
   * not finish it (an error midway) resets it.
   */
  static Sha2Digest of(int hashAlgorithm) {
    if (!supports(hashAlgorithm)) {
      throw new IllegalArgumentException("not SHA-256 or SHA-512: hash algorithm "
          + hashAlgorithm);
    }
    return new Sha2Digest(hashAlgorithm);
  }

  /** How many digests hold a native context now (started and not finished). */
  static int running() {
    return RUNNING.get();
  }

  private void startIfIdle() {
    if (sha512 != null || sha256 != null) {
      return;
    }
    if (hashAlgorithm == HashAlgorithmTags.SHA512) {
      sha512 = Sha512.create();
    } else {
      sha256 = Sha256.create();
    }
    RUNNING.incrementAndGet();
  }

  /** The digest of the bytes given since the start; the native context is freed. */
  private byte[] finish() {
    try {
      return sha512 != null ? sha512.digest() : sha256.digest();
    } finally {
      sha512 = null;
      sha256 = null;
      RUNNING.decrementAndGet();
    }
  }

  @Override
  public String getAlgorithmName() {
    // the names Bouncy Castle's RSADigestSigner maps to the DigestInfo's OID
    return hashAlgorithm == HashAlgorithmTags.SHA512 ? "SHA-512" : "SHA-256";
  }

  @Override
  public int getDigestSize() {
    return hashAlgorithm == HashAlgorithmTags.SHA512 ? 64 : 32;
  }

  @Override
  public int getByteLength() {
    return hashAlgorithm == HashAlgorithmTags.SHA512 ? 128 : 64;
  }

  @Override
  public void update(byte in) {
    one[0] = in;
    update(one, 0, 1);
  }

  @Override
  public void update(byte[] in, int off, int len) {
    startIfIdle();
    if (sha512 != null) {
      sha512.update(in, off, len);
    } else {
      sha256.update(in, off, len);
    }
  }

  @Override
  public int doFinal(byte[] out, int outOff) {
    startIfIdle(); // the digest of no bytes
    byte[] d = finish();
    System.arraycopy(d, 0, out, outOff, d.length);
    return d.length;
  }

  /** Drops the bytes given so far and frees the native context, if one is running. */
  @Override
  public void reset() {
    if (sha512 != null || sha256 != null) {
      finish();
    }
  }
}
