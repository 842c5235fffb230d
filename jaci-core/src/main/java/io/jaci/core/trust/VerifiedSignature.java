package io.jaci.core.trust;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A signature that verified with a trusted key.
 *
 * @param keyFingerprint the trusted (primary) key's fingerprint: the keystore file's name
 * @param signingKey the key that made the signature: the primary key or one of its subkeys
 * @param prefix what the key is trusted for (a prefix of the image name, or root)
 * @param signer the key's first user ID (control characters replaced), e.g. {@code Carly
 *     Container <carly@example.com>}
 * @param created when the signature says it was made
 * @param keyFile the keystore file of the key
 */
public record VerifiedSignature(Fingerprint keyFingerprint, Fingerprint signingKey,
    KeyPrefix prefix, String signer, Instant created, Path keyFile) {

  /** {@code signed by NAME (key FPR), trusted for prefix P} or {@code ..., a root key}. */
  public String describe() {
    return "signed by " + signer + " (key " + keyFingerprint.pretty() + "), "
        + (prefix.isRoot() ? "trusted as a root key" : "trusted for prefix " + prefix);
  }
}
