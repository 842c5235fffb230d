package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jaci's signatures against the real gpg (issue 13): gpg's signatures verify in jaci, jaci's
 * in gpg; expired, revoked and signing-incapable keys made by gpg are refused; as root and as
 * nobody (whose keystore is under its own XDG_CONFIG_HOME).
 */
class TrustGpgIT {
  static final String NAME = "example.com/app/x";

  @TempDir
  static Path shared;
  static Gpg gpg;
  static List<String> good;
  static List<String> rsa;
  static List<String> expired;
  static List<String> revoked;
  static List<String> subkeys; // primary (certify only), rsa encryption subkey, signing subkey
  static List<String> locked;

  @TempDir
  Path tmp;
  Path work;

  @BeforeAll
  static void keys() throws IOException {
    gpg = new Gpg(shared.resolve("gnupg"));
    good = gpg.generate("Good Signer <good@example.com>", "ed25519", "sign", "2y", "", null);
    rsa = gpg.generate("Rsa Signer <rsa@example.com>", "rsa2048", "sign", "2y", "", null);
    expired = gpg.generate("Old Signer <old@example.com>", "ed25519", "sign", "1y", "",
        "20200101T000000");
    revoked = gpg.generate("Revoked Signer <revoked@example.com>", "ed25519", "sign", "2y",
        "", null);
    subkeys = gpg.generate("Sub Signer <sub@example.com>", "ed25519", "cert", "2y", "", null);
    gpg.ok(gpg.home(), "--passphrase", "", "--quick-add-key", subkeys.get(0), "rsa2048", "encr",
        "2y");
    gpg.ok(gpg.home(), "--passphrase", "", "--quick-add-key", subkeys.get(0), "ed25519", "sign",
        "2y");
    subkeys = gpg.fingerprints("sub@example.com");
    locked = gpg.generate("Locked Signer <locked@example.com>", "ed25519", "sign", "2y",
        "sesame", null);
  }

  @AfterAll
  static void stopAgent() {
    if (gpg != null) {
      gpg.close();
    }
  }

  @BeforeEach
  void work() throws IOException {
    work = Files.createDirectory(tmp.resolve("work"));
    chmod("755", tmp);
    chmod("777", work);
  }

  private static void chmod(String mode, Path p) {
    ProcessRun.run(p.getParent(), ExternalTool.require("chmod").toString(), mode, p.toString())
        .assertSuccess();
  }

  /** An ACI named {@link #NAME} in the work directory. */
  private Path image(String file) throws IOException {
    Path aci = work.resolve(file);
    new TestAci(1_600_000_000L).dir("rootfs", 0755).file("rootfs/hello", 0644, 0, 0,
        "hello from " + file + "\n").write(aci, "{\"acKind\":\"ImageManifest\","
            + "\"acVersion\":\"0.8.11\",\"name\":\"" + NAME + "\"}");
    return aci;
  }

  /** jaci as {@code user} (root or nobody) with its keystore under the work directory. */
  private ProcessRun jaci(String user, Object... args) {
    Map<String, String> env = new HashMap<>();
    env.put("XDG_CONFIG_HOME", work.resolve("config-" + user).toString());
    if (user.equals("nobody")) {
      AsNobody.requireRoot("running jaci as nobody needs root");
      return ProcessRun.run(work, env, AsNobody.jaci(args));
    }
    return JaciJar.run(work, env, args);
  }

  private Path exportPublic(String fingerprint, String file) {
    Path out = work.resolve(file);
    gpg.ok(work, "--armor", "--output", out.toString(), "--export", fingerprint);
    return out;
  }

  private void trust(String user, String fingerprint, String prefix) {
    Path key = exportPublic(fingerprint, fingerprint + ".asc");
    jaci(user, "trust", "add", "--yes", "--prefix", prefix, key).assertSuccess();
  }

  private static void changeOneByte(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[b.length / 3] ^= 0x20;
    Files.write(file, b);
  }

  @ParameterizedTest(name = "as {0}")
  @ValueSource(strings = {"root", "nobody"})
  void gpgArmoredSignature_verifiesInJaci_andFailsAfterOneChangedByte(String user)
      throws IOException {
    Path aci = image("app.aci");
    gpg.ok(work, "--local-user", good.get(0), "--armor", "--detach-sign", aci.toString());
    trust(user, good.get(0), "example.com/app");
    ProcessRun ok = jaci(user, "verify", aci).assertSuccess();
    assertThat(ok.out()).contains(NAME).contains("Good Signer <good@example.com>")
        .contains("trusted for prefix example.com/app");
    assertThat(Files.readString(work.resolve("config-" + user + "/jaci/trustedkeys/prefix.d/"
        + "example.com/app/" + good.get(0)))).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK");

    changeOneByte(aci);
    ProcessRun bad = jaci(user, "verify", aci);
    assertThat(bad.exit()).as(bad.describe()).isEqualTo(1);
    assertThat(bad.stderr().lines().toList()).singleElement().asString()
        .startsWith("jaci: ").contains(good.get(0)).contains("does not match the image");
  }

  @ParameterizedTest(name = "as {0}")
  @ValueSource(strings = {"root", "nobody"})
  void gpgBinarySignature_byAnRsaKey_verifiesInJaci(String user) throws IOException {
    Path aci = image("app.aci");
    Path sig = work.resolve("app.sig");
    gpg.ok(work, "--local-user", rsa.get(0), "--output", sig.toString(), "--detach-sign",
        aci.toString());
    assertThat(Files.readAllBytes(sig)[0] & 0x80).isNotZero(); // a binary packet
    trust(user, rsa.get(0), "example.com");
    assertThat(jaci(user, "verify", aci, sig).assertSuccess().out())
        .contains("Rsa Signer").contains("trusted for prefix example.com");
  }

  @ParameterizedTest(name = "as {0}")
  @ValueSource(strings = {"root", "nobody"})
  void jaciSignature_verifiesWithGpg_armoredAndWithABinaryPassphraseProtectedKey(String user)
      throws IOException {
    Path aci = image("app.aci");
    Path secret = work.resolve("good-secret.asc");
    gpg.ok(work, "--passphrase", "", "--armor", "--output", secret.toString(),
        "--export-secret-keys", good.get(0));
    chmod("644", secret);
    ProcessRun signed = jaci(user, "sign", "--key", secret, aci).assertSuccess();
    Path asc = work.resolve("app.aci.asc");
    assertThat(signed.out()).isEqualTo(asc + "\n");
    assertThat(Files.readString(asc)).startsWith("-----BEGIN PGP SIGNATURE-----");
    ProcessRun v = gpg.ok(work, "--verify", asc.toString(), aci.toString());
    assertThat(v.stderr()).contains("Good signature from \"Good Signer <good@example.com>\"");

    Path lockedKey = work.resolve("locked-secret.gpg");
    gpg.ok(work, "--passphrase", "sesame", "--output", lockedKey.toString(),
        "--export-secret-keys", locked.get(0));
    chmod("644", lockedKey);
    Path pass = Files.writeString(work.resolve("pass.txt"), "sesame\n");
    chmod("644", pass);
    ProcessRun noPass = jaci(user, "sign", "--key", lockedKey, "-o", work.resolve("l.asc"),
        aci);
    assertThat(noPass.exit()).isEqualTo(1);
    assertThat(noPass.stderr()).isEqualTo("jaci: " + lockedKey + ": key " + locked.get(0)
        + " is protected by a passphrase: give it with --passphrase-file FILE\n");
    Path wrong = Files.writeString(work.resolve("wrong.txt"), "open\n");
    chmod("644", wrong);
    ProcessRun wrongPass = jaci(user, "sign", "--key", lockedKey, "--passphrase-file", wrong,
        "-o", work.resolve("l.asc"), aci);
    assertThat(wrongPass.exit()).isEqualTo(1);
    assertThat(wrongPass.stderr().lines().toList()).singleElement().asString()
        .contains("wrong passphrase for key " + locked.get(0));
    assertThat(work.resolve("l.asc")).doesNotExist();
    jaci(user, "sign", "--key", lockedKey, "--passphrase-file", pass, "-o",
        work.resolve("l.asc"), aci).assertSuccess();
    assertThat(gpg.ok(work, "--verify", work.resolve("l.asc").toString(), aci.toString())
        .stderr()).contains("Good signature from \"Locked Signer");
  }

  @ParameterizedTest(name = "as {0}")
  @ValueSource(strings = {"root", "nobody"})
  void anExpiredGpgKey_isRefused_namingIt(String user) throws IOException {
    Path aci = image("app.aci");
    gpg.ok(work, "--faked-system-time", "20200601T000000", "--local-user", expired.get(0),
        "--armor", "--detach-sign", aci.toString());
    ProcessRun added = jaci(user, "trust", "add", "--yes", "--prefix", "example.com",
        exportPublic(expired.get(0), "old.asc")).assertSuccess();
    assertThat(added.stderr()).contains("jaci: warning: key " + expired.get(0))
        .contains("it will not verify signatures");
    ProcessRun r = jaci(user, "verify", aci);
    assertThat(r.exit()).as(r.describe()).isEqualTo(1);
    assertThat(r.stderr().lines().toList()).singleElement().asString()
        // gpg's 1y from 2020-01-01 (a leap year)
        .contains("key " + expired.get(0)).contains("Old Signer").contains("expired on 2020-12-31");
  }

  @ParameterizedTest(name = "as {0}")
  @ValueSource(strings = {"root", "nobody"})
  void aRevokedGpgKey_isRefused_namingIt(String user) throws IOException {
    Path aci = image("app.aci");
    gpg.ok(work, "--local-user", revoked.get(0), "--armor", "--detach-sign", aci.toString());
    // gpg wrote a revocation certificate when it made the key; importing it revokes the key
    Path rev = gpg.home().resolve("openpgp-revocs.d/" + revoked.get(0).toUpperCase() + ".rev");
    String cert = Files.readString(rev).replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----");
    Path certFile = Files.writeString(work.resolve("rev-" + user + ".asc"), cert);
    Path pub = work.resolve("revoked.asc");
    gpg.ok(work, "--armor", "--output", pub.toString(), "--export", revoked.get(0));
    // export before and after import into a throwaway home: the shared one stays unrevoked
    try (Gpg other = new Gpg(tmp.resolve("gnupg-rev"))) {
      other.ok(work, "--import", pub.toString());
      other.ok(work, "--import", certFile.toString());
      Files.delete(pub);
      other.ok(work, "--armor", "--output", pub.toString(), "--export", revoked.get(0));
    }
    jaci(user, "trust", "add", "--yes", "--root", pub).assertSuccess();
    ProcessRun r = jaci(user, "verify", aci);
    assertThat(r.exit()).as(r.describe()).isEqualTo(1);
    assertThat(r.stderr().lines().toList()).singleElement().asString()
        .contains("key " + revoked.get(0)).contains("is revoked");
  }

  @Test
  void aGpgSigningSubkey_verifies_butASignatureByItsEncryptionSubkeyIsRefused()
      throws Exception {
    Path aci = image("app.aci");
    gpg.ok(work, "--local-user", subkeys.get(2) + "!", "--armor", "--detach-sign",
        aci.toString());
    trust("root", subkeys.get(0), "example.com/app/x");
    assertThat(jaci("root", "verify", aci).assertSuccess().out()).contains("Sub Signer");

    // gpg will not sign with an encryption subkey; Bouncy Castle will, with its secret
    Path secret = work.resolve("sub-secret.gpg");
    gpg.ok(work, "--passphrase", "", "--output", secret.toString(), "--export-secret-keys",
        subkeys.get(0));
    PGPSecretKeyRing ring;
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(secret))) {
      ring = new PGPSecretKeyRing(in, new BcKeyFingerprintCalculator());
    }
    PGPSecretKey encryption = null;
    for (PGPSecretKey k : ring) {
      if (java.util.HexFormat.of().formatHex(k.getPublicKey().getFingerprint())
          .equals(subkeys.get(1))) {
        encryption = k;
      }
    }
    assertThat(encryption).as("the encryption subkey " + subkeys.get(1)).isNotNull();
    PGPSignatureGenerator g = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(
        encryption.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256));
    g.init(PGPSignature.BINARY_DOCUMENT, encryption.extractPrivateKey(null));
    g.update(Files.readAllBytes(aci));
    Path sig = work.resolve("by-encryption-key.asc");
    try (OutputStream out = new ArmoredOutputStream(Files.newOutputStream(sig))) {
      g.generate().encode(out);
    }
    ProcessRun r = jaci("root", "verify", aci, sig);
    assertThat(r.exit()).as(r.describe()).isEqualTo(1);
    assertThat(r.stderr().lines().toList()).singleElement().asString()
        .contains("subkey " + subkeys.get(1)).contains("of key " + subkeys.get(0))
        .contains("not valid for signing");
  }

  @Test
  @DisplayName("small items 2: trust list with no keys names discovery and adding a key file")
  void trustList_noKeys_namesDiscoveryAndAKeyFile() {
    ProcessRun r = jaci("root", "trust", "list").assertSuccess();
    assertThat(r.out()).isEmpty();
    assertThat(r.stderr().strip()).doesNotContain("\n")
        .contains("jaci trust add --prefix NAME discovers", "jaci trust add --prefix NAME KEY");
  }

  @Test
  @DisplayName("rkt#1880: with no terminal and no --yes, a key is not trusted")
  void trustAdd_withoutTerminalOrYes_refuses_rkt1880() {
    Path key = exportPublic(good.get(0), "good.asc");
    ProcessRun r = jaci("root", "trust", "add", "--prefix", "example.com", key);
    assertThat(r.exit()).as(r.describe()).isEqualTo(1);
    assertThat(r.stderr()).contains(good.get(0)).contains("--yes")
        .contains(Gpg.pretty(good.get(0)));
    assertThat(work.resolve("config-root/jaci/trustedkeys")).doesNotExist();
    assertThat(jaci("root", "trust", "list").assertSuccess().out()).isEmpty();
  }

  @Test
  void unknownKey_namesItsFingerprint_thePrefixes_andBothWaysOut() throws IOException {
    Path aci = image("app.aci");
    gpg.ok(work, "--local-user", good.get(0), "--armor", "--detach-sign", aci.toString());
    ProcessRun r = jaci("root", "verify", aci);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr().lines().toList()).singleElement().asString()
        .contains(good.get(0)).contains("example.com/app/x, example.com/app, example.com")
        .contains("jaci trust add --prefix example.com/app/x").contains("--insecure-options=image");
    ProcessRun unsigned = jaci("root", "verify", image("plain.aci"));
    assertThat(unsigned.stderr()).startsWith("jaci: " + work.resolve("plain.aci")
        + ": not signed");
  }

  @Test
  void trustListRmAndHostileKeystoreFiles() throws IOException {
    trust("root", good.get(0), "example.com/app");
    Path keys = work.resolve("config-root/jaci/trustedkeys");
    Path prefixDir = keys.resolve("prefix.d/example.com/app");
    // a key under another key's fingerprint, and a link pointing out of the keystore
    Files.copy(prefixDir.resolve(good.get(0)), prefixDir.resolve(rsa.get(0)));
    Files.createDirectories(keys.resolve("root.d"));
    Files.createSymbolicLink(keys.resolve("root.d/" + good.get(0)), exportPublic(good.get(0),
        "outside.asc"));
    ProcessRun list = jaci("root", "trust", "list", "--json").assertSuccess();
    assertThat(list.out()).contains("\"fingerprint\" : \"" + good.get(0) + "\"")
        .contains("\"prefix\" : \"example.com/app\"").doesNotContain(rsa.get(0) + "\"");
    assertThat(list.stderr()).contains("not the key its name says, ignored")
        .contains("a symbolic link, ignored");
    ProcessRun rm = jaci("root", "trust", "rm", Gpg.pretty(good.get(0))).assertSuccess();
    assertThat(rm.out()).contains(prefixDir.resolve(good.get(0)).toString());
    assertThat(jaci("root", "trust", "list").out()).isEmpty();
  }

  @Test
  void hostileInputs_areOneLineRefusals() throws IOException {
    Path aci = image("app.aci");
    trust("root", good.get(0), "example.com");
    List<String> errors = new ArrayList<>();
    Path garbage = Files.write(work.resolve("garbage.asc"), new byte[] {(byte) 0xc2, (byte) 0xff,
        0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 4, 0});
    Path huge = work.resolve("huge.asc");
    try (OutputStream out = Files.newOutputStream(huge)) {
      out.write("-----BEGIN PGP SIGNATURE-----\n\n".getBytes(StandardCharsets.US_ASCII));
      byte[] line = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n"
          .getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 300_000; i++) { // 20 MB
        out.write(line);
      }
    }
    for (Path sig : List.of(garbage, huge)) {
      ProcessRun r = jaci("root", "verify", aci, sig);
      assertThat(r.exit()).as(r.describe()).isEqualTo(1);
      errors.add(r.stderr());
    }
    ProcessRun badKey = jaci("root", "trust", "add", "--yes", "--root", garbage);
    errors.add(badKey.stderr());
    ProcessRun badPrefix = jaci("root", "trust", "add", "--yes", "--prefix", "../etc",
        exportPublic(good.get(0), "k.asc"));
    assertThat(badPrefix.exit()).isEqualTo(2);
    errors.add(badPrefix.stderr());
    assertThat(errors).allSatisfy(e -> assertThat(e.lines().toList()).singleElement().asString()
        .startsWith("jaci: ").hasSizeLessThan(500).doesNotContain("Exception"));
    assertThat(errors.get(1)).contains("over 256 KiB");
    assertThat(errors.get(3)).contains("invalid key prefix");
  }

  @Test
  void theImageIsStreamed_aBigImageVerifiesInASmallHeap() throws IOException {
    Path aci = work.resolve("big.aci");
    byte[] chunk = new byte[1 << 20];
    new java.util.Random(13).nextBytes(chunk);
    try (OutputStream out = Files.newOutputStream(aci)) {
      Files.copy(image("small.aci"), out);
      for (int i = 0; i < 200; i++) { // 200 MiB after the tar: signed bytes all the same
        out.write(chunk);
      }
    }
    gpg.ok(work, "--local-user", good.get(0), "--armor", "--detach-sign", aci.toString());
    trust("root", good.get(0), "example.com");
    List<String> cmd = new ArrayList<>(JaciJar.command("verify", aci));
    cmd.add(1, "-Xmx32m");
    ProcessRun r = ProcessRun.run(work, Map.of("XDG_CONFIG_HOME",
        work.resolve("config-root").toString()), cmd).assertSuccess();
    assertThat(r.out()).contains("Good Signer");
  }
}
