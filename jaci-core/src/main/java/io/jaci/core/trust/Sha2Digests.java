package io.jaci.core.trust;

import java.util.ArrayList;
import java.util.List;

/**
 * The digests one signer or verifier made ({@link Sha2Signer}, {@link Sha2Verifiers}), kept so
 * that {@link #close} frees the native context of any a caller never finished (the data could
 * not be read to its end, Bouncy Castle gave up on a signature before hashing ended).
 */
final class Sha2Digests implements AutoCloseable {
  private final List<Sha2Digest> made = new ArrayList<>();

  /** A new digest of {@code hashAlgorithm}, kept until {@link #close}. */
  Sha2Digest make(int hashAlgorithm) {
    Sha2Digest d = Sha2Digest.of(hashAlgorithm);
    made.add(d);
    return d;
  }

  /** Frees the native context of every digest made here that is still running. */
  @Override
  public void close() {
    for (Sha2Digest d : made) {
      d.reset();
    }
    made.clear();
  }
}
