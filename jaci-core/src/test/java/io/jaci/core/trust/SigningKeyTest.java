package io.jaci.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.spec.AcIdentifier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.commons.io.input.BrokenInputStream;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
  @TempDir
  Path tmp;

  private VerifiedSignature verify(TestPgpKeys.Generated k, Path image, Path sig)
      throws Exception {
    KeystoreDirs dirs = new KeystoreDirs(tmp.resolve("user"), tmp.resolve("system"));
    TrustedKeys.load(dirs).add(k.key(), KeyPrefix.of("example.com"), KeystoreDirs.Level.USER);
    return new SignatureCheck(TrustedKeys.load(dirs)).verify(image, Files.readAllBytes(sig),
        AcIdentifier.parse("example.com/app"));
  }

  @Test
  void sign_writesAnArmoredSignatureThatVerifies() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    Path image = Files.write(tmp.resolve("app.aci"), new byte[100_000]);
    Path sig = tmp.resolve("app.aci.asc");
    SigningKey.load(k.secretArmored(), "secret.asc", null).sign(image, sig, false);
    assertThat(Files.readString(sig)).startsWith("-----BEGIN PGP SIGNATURE-----");
    assertThat(verify(k, image, sig).keyFingerprint()).isEqualTo(k.fingerprint());
    assertThatThrownBy(() -> SigningKey.load(k.secretArmored(), "secret.asc", null)
        .sign(image, sig, false)).hasMessageContaining("already exists");
  }

  /**
   * Small items, item 3: the signer's SHA-2 digest holds an OpenSSL context from the first
   * byte; an image that cannot be read to its end must not leave it live (as for verifying:
   * SignatureCheckTest).
   */
  @Test
  @DisplayName("small items 3: signing frees its OpenSSL hash context, also on a read error")
  void sign_freesItsDigest_alsoWhenReadingTheImageFails() throws Exception {
    SigningKey key = SigningKey.load(TestPgpKeys.key().secretArmored(), "secret.asc", null);
    int before = Sha2Digest.running();

    key.sign(new ByteArrayInputStream(new byte[100_000]));
    assertThat(Sha2Digest.running()).as("after a signature").isEqualTo(before);

    SequenceInputStream failing = new SequenceInputStream(
        new ByteArrayInputStream(new byte[100_000]),
        new BrokenInputStream(() -> new IOException("disk on fire")));
    assertThatThrownBy(() -> key.sign(failing)).hasMessageContaining("disk on fire");
    assertThat(Sha2Digest.running()).as("after a read error").isEqualTo(before);
  }

  @Test
  void sign_takesTheSigningSubkey_andABinarySecretKeyFile() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.spec().primaryFlags(KeyFlags.CERTIFY_OTHER)
        .subkey(KeyFlags.SIGN_DATA, true).make();
    SigningKey s = SigningKey.load(k.secret().getEncoded(), "secret.gpg", null);
    assertThat(s.signingFingerprint()).isEqualTo(Fingerprint.of(k.publicKey(1)));
    Path image = Files.write(tmp.resolve("app.aci"), new byte[10]);
    s.sign(image, tmp.resolve("app.aci.asc"), false);
    assertThat(verify(k, image, tmp.resolve("app.aci.asc")).signingKey())
        .isEqualTo(Fingerprint.of(k.publicKey(1)));
  }

  @Test
  void aPassphrase_isNeeded_andAWrongOneIsOneClearLine() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.spec().passphrase("right").make();
    assertThatThrownBy(() -> SigningKey.load(k.secretArmored(), "secret.asc", null))
        .hasMessage("secret.asc: key " + k.fingerprint() + " is protected by a passphrase: "
            + "give it with --passphrase-file FILE");
    assertThatThrownBy(() -> SigningKey.load(k.secretArmored(), "secret.asc",
        "wrong".toCharArray()))
        .hasMessage("secret.asc: wrong passphrase for key " + k.fingerprint()
            + " (or a damaged key)");
    assertThat(SigningKey.load(k.secretArmored(), "secret.asc", "right".toCharArray())
        .key().fingerprint()).isEqualTo(k.fingerprint());
  }

  @Test
  void aPublicKeyOrGarbage_isNotASecretKey() {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    assertThatThrownBy(() -> SigningKey.load(k.publicArmored(), "pub.asc", null))
        .hasMessageStartingWith("pub.asc: not an OpenPGP secret key")
        .hasMessageContaining("gpg --export-secret-keys");
    assertThatThrownBy(() -> SigningKey.load(new byte[] {1, 2, 3}, "x", null))
        .hasMessageStartingWith("x: not an OpenPGP secret key");
  }

  @Test
  void anExpiredKey_doesNotSign() {
    TestPgpKeys.Generated k = TestPgpKeys.spec()
        .created(Instant.now().minus(Duration.ofDays(800)))
        .expiresAfter(Duration.ofDays(365)).make();
    assertThatThrownBy(() -> SigningKey.load(k.secretArmored(), "old.asc", null))
        .hasMessageContaining("no key in it may sign").hasMessageContaining("expired on");
  }
}
