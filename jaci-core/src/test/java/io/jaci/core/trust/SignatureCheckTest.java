package io.jaci.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.spec.AcIdentifier;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.apache.commons.io.input.BoundedInputStream;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureCheckTest {
  static final AcIdentifier NAME = AcIdentifier.parse("example.com/app/x");
  static final byte[] IMAGE =
      "pretend this is an ACI".repeat(1000).getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path tmp;
  KeystoreDirs dirs;

  @BeforeEach
  void dirs() {
    dirs = new KeystoreDirs(tmp.resolve("user"), tmp.resolve("system"));
  }

  private void trust(TestPgpKeys.Generated k, KeyPrefix prefix) throws Exception {
    TrustedKeys.load(dirs).add(k.key(), prefix, KeystoreDirs.Level.USER);
  }

  private VerifiedSignature verify(byte[] image, byte[] sig) throws Exception {
    return new SignatureCheck(TrustedKeys.load(dirs))
        .verify(new ByteArrayInputStream(image), sig, NAME, "app.aci");
  }

  private SignatureRefusedException refused(byte[] image, byte[] sig) {
    return (SignatureRefusedException) org.junit.jupiter.api.Assertions.assertThrows(
        SignatureRefusedException.class, () -> verify(image, sig));
  }

  @ParameterizedTest(name = "armored: {0}")
  @ValueSource(booleans = {true, false})
  void armoredAndBinarySignatures_verify_andSayWhichKeyAndPrefix(boolean armored)
      throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    trust(k, KeyPrefix.of("example.com/app"));
    VerifiedSignature v = verify(IMAGE, TestPgpKeys.sign(k, 0, IMAGE, armored));
    assertThat(v.keyFingerprint()).isEqualTo(k.fingerprint());
    assertThat(v.prefix()).isEqualTo(KeyPrefix.of("example.com/app"));
    assertThat(v.signer()).isEqualTo("Test Signer <signer@example.com>");
    assertThat(v.describe()).contains("trusted for prefix example.com/app")
        .contains(k.fingerprint().pretty());
  }

  @Test
  void oneChangedByte_isABadSignature() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    trust(k, KeyPrefix.root());
    byte[] sig = TestPgpKeys.sign(k, 0, IMAGE, true);
    byte[] changed = IMAGE.clone();
    changed[changed.length / 2] ^= 1;
    SignatureRefusedException e = refused(changed, sig);
    assertThat(e.reason()).isEqualTo(SignatureRefusedException.Reason.BAD_SIGNATURE);
    assertThat(e.getMessage()).contains(k.fingerprint().hex()).contains("does not match");
  }

  @Test
  @DisplayName("appc/spec#592: a key for example.com/ap does not sign example.com/app/x")
  void aKeyForAStringPrefix_isNotTrusted_appcSpec592() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    trust(k, KeyPrefix.of("example.com/ap"));
    SignatureRefusedException e = refused(IMAGE, TestPgpKeys.sign(k, 0, IMAGE, true));
    assertThat(e.reason()).isEqualTo(SignatureRefusedException.Reason.UNKNOWN_KEY);
    assertThat(e.getMessage()).contains("trusted for prefix example.com/ap only");
  }

  @Test
  void anUnknownKey_givesItsFingerprint_thePrefixes_andBothWaysOut() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    SignatureRefusedException e = refused(IMAGE, TestPgpKeys.sign(k, 0, IMAGE, true));
    assertThat(e.reason()).isEqualTo(SignatureRefusedException.Reason.UNKNOWN_KEY);
    assertThat(e.getMessage()).contains(k.fingerprint().hex())
        .contains("example.com/app/x, example.com/app, example.com or root")
        .contains("'jaci trust add --prefix example.com/app/x' (discovers the prefix's keys")
        .contains("'jaci trust add --prefix example.com/app/x KEY.asc'")
        .contains("--insecure-options=image").doesNotContain("\n").hasSizeLessThan(500);
  }

  @Test
  void anExpiredKey_isRefused_namingIt() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.spec()
        .created(Instant.now().minus(Duration.ofDays(800)))
        .expiresAfter(Duration.ofDays(365)).make();
    trust(k, KeyPrefix.root());
    SignatureRefusedException e = refused(IMAGE, TestPgpKeys.sign(k, 0, IMAGE, true));
    assertThat(e.reason()).isEqualTo(SignatureRefusedException.Reason.KEY_NOT_VALID);
    assertThat(e.getMessage()).contains("key " + k.fingerprint()).contains("expired on");
    // before it expired, the same signature was good
    VerifiedSignature then = new SignatureCheck(TrustedKeys.load(dirs),
        Instant.now().minus(Duration.ofDays(600))).verify(new ByteArrayInputStream(IMAGE),
            TestPgpKeys.sign(k, 0, IMAGE, true), NAME, "app.aci");
    assertThat(then.keyFingerprint()).isEqualTo(k.fingerprint());
  }

  @Test
  void signingProblem_saysWhyAKeyWillNotVerify() {
    assertThat(TestPgpKeys.key().key().signingProblem(Instant.now())).isEmpty();
    TestPgpKeys.Generated revoked = TestPgpKeys.key().revoked();
    assertThat(revoked.key().signingProblem(Instant.now())).get().asString()
        .contains("is revoked");
  }

  @Test
  void aRevokedKey_isRefused_namingIt() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    trust(k.revoked(), KeyPrefix.root());
    SignatureRefusedException e = refused(IMAGE, TestPgpKeys.sign(k, 0, IMAGE, true));
    assertThat(e.reason()).isEqualTo(SignatureRefusedException.Reason.KEY_NOT_VALID);
    assertThat(e.getMessage()).contains("key " + k.fingerprint()).contains("is revoked")
        .contains("compromised in a test");
  }

  @Test
  void aSigningSubkey_verifies_asTheTrustedPrimaryKey() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.spec().subkey(KeyFlags.SIGN_DATA, true).make();
    trust(k, KeyPrefix.root());
    VerifiedSignature v = verify(IMAGE, TestPgpKeys.sign(k, 1, IMAGE, false));
    assertThat(v.keyFingerprint()).isEqualTo(k.fingerprint());
    assertThat(v.signingKey()).isEqualTo(Fingerprint.of(k.publicKey(1)));
  }

  @Test
  void aSubkeyNotValidForSigning_isRefused_namingIt() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.spec()
        .subkey(KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE, false).make();
    trust(k, KeyPrefix.root());
    SignatureRefusedException e = refused(IMAGE, TestPgpKeys.sign(k, 1, IMAGE, true));
    assertThat(e.reason()).isEqualTo(SignatureRefusedException.Reason.KEY_NOT_VALID);
    assertThat(e.getMessage()).contains("subkey " + Fingerprint.of(k.publicKey(1)))
        .contains("of key " + k.fingerprint()).contains("not valid for signing");
  }

  @Test
  void aSigningSubkeyWithoutBackSignature_isRefused() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.spec().subkey(KeyFlags.SIGN_DATA, false).make();
    trust(k, KeyPrefix.root());
    SignatureRefusedException e = refused(IMAGE, TestPgpKeys.sign(k, 1, IMAGE, true));
    assertThat(e.getMessage()).contains("back-signature");
  }

  @Test
  void aPrimaryKeyWithoutTheSigningFlag_isRefused() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.spec().primaryFlags(KeyFlags.CERTIFY_OTHER).make();
    trust(k, KeyPrefix.root());
    assertThat(refused(IMAGE, TestPgpKeys.sign(k, 0, IMAGE, true)).getMessage())
        .contains("key " + k.fingerprint()).contains("not valid for signing");
  }

  @Test
  void garbageSignatures_areOneLineRefusals() throws Exception {
    trust(TestPgpKeys.key(), KeyPrefix.root());
    Random r = new Random(13);
    byte[] random = new byte[4096];
    r.nextBytes(random);
    byte[] armoredGarbage = ("-----BEGIN PGP SIGNATURE-----\n\n" + "A".repeat(3000)
        + "\n-----END PGP SIGNATURE-----\n").getBytes(StandardCharsets.US_ASCII);
    byte[] hugeArmor = ("-----BEGIN PGP SIGNATURE-----\n\n" + "QUFB\n".repeat(200_000))
        .getBytes(StandardCharsets.US_ASCII);
    // a packet header announcing a body of 2^31 bytes
    byte[] hugeLength = {(byte) 0xc2, (byte) 0xff, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        4, 0};
    byte[] aKey = TestPgpKeys.key().publicArmored();
    for (byte[] bad : new byte[][] {new byte[0], random, armoredGarbage, hugeArmor, hugeLength,
        aKey, "not a signature".getBytes(StandardCharsets.US_ASCII)}) {
      SignatureRefusedException e = refused(IMAGE, bad);
      assertThat(e.reason()).isEqualTo(SignatureRefusedException.Reason.MALFORMED);
      assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(400)
          .startsWith("the signature of app.aci: ");
    }
  }

  @Test
  void theImageIsStreamed_notHeldInMemory() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    trust(k, KeyPrefix.root());
    long size = 256L << 20;
    SigningKey signing = SigningKey.load(k.secretArmored(), "secret.asc", null);
    byte[] sig;
    try (InputStream in = zeros(size)) {
      sig = signing.sign(in);
    }
    long start = System.nanoTime();
    VerifiedSignature v = new SignatureCheck(TrustedKeys.load(dirs))
        .verify(zeros(size), sig, NAME, "big.aci");
    // the time is printed for a look, not asserted: measured timings are in BENCHMARKS.md
    // ("jaci verify vs gpg --verify")
    System.err.printf("verified %d MiB in %.1f s%n", size >> 20,
        (System.nanoTime() - start) / 1e9);
    assertThat(v.keyFingerprint()).isEqualTo(k.fingerprint());
  }

  /**
   * Issue 13 review, item 3: each SHA-2 digest of a check holds an OpenSSL context; none may
   * stay live after verify returns or throws (a CLI checks one image, but a server or a
   * build checks many in one process).
   */
  @Test
  @DisplayName("issue 13 review item 3: no OpenSSL hash context stays live, whatever the outcome")
  void everyPath_finishesItsDigests_noNativeContextLeaks() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    trust(k, KeyPrefix.root());
    byte[] sig = TestPgpKeys.sign(k, 0, IMAGE, false);
    int before = Sha2Digest.running();

    verify(IMAGE, sig);
    assertThat(Sha2Digest.running()).as("after a good signature").isEqualTo(before);

    byte[] changed = IMAGE.clone();
    changed[0] ^= 1;
    refused(changed, sig);
    assertThat(Sha2Digest.running()).as("after a bad signature").isEqualTo(before);

    // two signatures by the key: the first verifies, the second is never finished by BC
    byte[] two = new byte[2 * sig.length];
    System.arraycopy(sig, 0, two, 0, sig.length);
    System.arraycopy(sig, 0, two, sig.length, sig.length);
    verify(IMAGE, two);
    assertThat(Sha2Digest.running()).as("after the first of two signatures").isEqualTo(before);

    InputStream failing = new java.io.SequenceInputStream(new ByteArrayInputStream(IMAGE),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk on fire");
          }
        });
    assertThatThrownBy(() -> new SignatureCheck(TrustedKeys.load(dirs))
        .verify(failing, sig, NAME, "app.aci")).hasMessageContaining("disk on fire");
    assertThat(Sha2Digest.running()).as("after a read error").isEqualTo(before);
  }

  private static InputStream zeros(long size) throws IOException {
    return BoundedInputStream.builder()
        .setInputStream(new FileInputStream("/dev/zero")).setMaxCount(size).get();
  }

  @Test
  void aMissingImage_isAnErrorNamingIt() {
    assertThatThrownBy(() -> new SignatureCheck(TrustedKeys.load(dirs))
        .verify(tmp.resolve("none.aci"), new byte[0], NAME))
        .hasMessageContaining("none.aci");
  }
}
