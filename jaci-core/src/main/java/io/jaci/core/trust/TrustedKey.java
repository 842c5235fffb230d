package io.jaci.core.trust;

import java.nio.file.Path;

/**
 * A key of the keystore: the key, the prefix it is trusted for, and its file.
 *
 * @param key the public key
 * @param prefix what it may sign
 * @param level the keystore level it was read from
 * @param file its file ({@code .../prefix.d/example.com/app/FINGERPRINT})
 */
public record TrustedKey(OpenPgpKey key, KeyPrefix prefix, KeystoreDirs.Level level,
    Path file) {
  public Fingerprint fingerprint() {
    return key.fingerprint();
  }
}
