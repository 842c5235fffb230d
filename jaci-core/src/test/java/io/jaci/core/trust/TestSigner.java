package io.jaci.core.trust;

/** A generated OpenPGP key for tests in other packages: its public key and detached signing. */
public final class TestSigner {
  private final TestPgpKeys.Generated key = TestPgpKeys.key();

  public OpenPgpKey publicKey() {
    return key.key();
  }

  /** The secret key, armored (for {@code jaci sign --key}). */
  public byte[] secretArmored() {
    return key.secretArmored();
  }

  /** An armored detached signature over {@code data}. */
  public byte[] sign(byte[] data) {
    return TestPgpKeys.sign(key, 0, data, true);
  }
}
