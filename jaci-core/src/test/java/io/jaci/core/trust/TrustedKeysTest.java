package io.jaci.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.spec.AcIdentifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedKeysTest {
  @TempDir
  Path tmp;
  KeystoreDirs dirs;

  @BeforeEach
  void dirs() {
    dirs = new KeystoreDirs(tmp.resolve("user"), tmp.resolve("system"));
  }

  @Test
  void add_writesRktsLayout_andLoadFindsTheKeyForItsPrefix() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    Path file = TrustedKeys.load(dirs).add(k.key(), KeyPrefix.of("example.com/app"),
        KeystoreDirs.Level.USER);
    assertThat(file).isEqualTo(tmp.resolve("user/prefix.d/example.com/app/"
        + k.fingerprint().hex()));
    assertThat(new String(Files.readAllBytes(file))).startsWith("-----BEGIN PGP PUBLIC KEY");
    TrustedKeys keys = TrustedKeys.load(dirs);
    assertThat(keys.problems()).isEmpty();
    assertThat(keys.forImage(AcIdentifier.parse("example.com/app/x")))
        .extracting(TrustedKey::fingerprint).containsExactly(k.fingerprint());
    assertThat(keys.forImage(AcIdentifier.parse("example.com/app"))).hasSize(1);
  }

  @Test
  @DisplayName("appc/spec#592: a key directory example.com/app is not one for example.com/apple")
  void forImage_matchesWholeSegments_appcSpec592() throws Exception {
    TrustedKeys.load(dirs).add(TestPgpKeys.key().key(), KeyPrefix.of("example.com/app"),
        KeystoreDirs.Level.USER);
    TrustedKeys keys = TrustedKeys.load(dirs);
    assertThat(keys.forImage(AcIdentifier.parse("example.com/apple"))).isEmpty();
    assertThat(keys.forImage(AcIdentifier.parse("example.com/app-x"))).isEmpty();
    assertThat(keys.forImage(AcIdentifier.parse("example.com"))).isEmpty();
  }

  @Test
  void rootKeys_applyToEveryImage() throws Exception {
    TrustedKeys.load(dirs).add(TestPgpKeys.key().key(), KeyPrefix.root(),
        KeystoreDirs.Level.SYSTEM);
    TrustedKeys keys = TrustedKeys.load(dirs);
    assertThat(keys.forImage(AcIdentifier.parse("other.org/thing"))).singleElement()
        .satisfies(k -> {
          assertThat(k.prefix().isRoot()).isTrue();
          assertThat(k.level()).isEqualTo(KeystoreDirs.Level.SYSTEM);
        });
  }

  @Test
  void aFileNamedByAnotherFingerprint_isReportedAndIgnored() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    Path dir = Files.createDirectories(tmp.resolve("user/prefix.d/example.com"));
    String other = "0123456789abcdef0123456789abcdef01234567";
    Files.write(dir.resolve(other), k.publicArmored());
    TrustedKeys keys = TrustedKeys.load(dirs);
    assertThat(keys.all()).isEmpty();
    assertThat(keys.problems()).singleElement().asString()
        .contains(other).contains(k.fingerprint().hex()).contains("ignored");
  }

  @Test
  void aSymlinkPointingOut_isReportedAndIgnored() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    Path outside = Files.write(tmp.resolve("outside.asc"), k.publicArmored());
    Path dir = Files.createDirectories(tmp.resolve("user/root.d"));
    Files.createSymbolicLink(dir.resolve(k.fingerprint().hex()), outside);
    Path prefixes = Files.createDirectories(tmp.resolve("user/prefix.d"));
    Path outsideDir = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.write(outsideDir.resolve(k.fingerprint().hex()), k.publicArmored());
    Files.createSymbolicLink(prefixes.resolve("example.com"), outsideDir);
    TrustedKeys keys = TrustedKeys.load(dirs);
    assertThat(keys.all()).isEmpty();
    assertThat(keys.problems()).hasSize(2).allMatch(p -> p.contains("a symbolic link, ignored"));
  }

  @Test
  void oddNames_areReportedAndIgnored() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    Path bad = Files.createDirectories(tmp.resolve("user/prefix.d/Example.com"));
    Files.write(bad.resolve(k.fingerprint().hex()), k.publicArmored());
    Files.write(Files.createDirectories(tmp.resolve("user/root.d")).resolve("key.asc"),
        k.publicArmored());
    Files.write(tmp.resolve("user/prefix.d").resolve(k.fingerprint().hex()), k.publicArmored());
    TrustedKeys keys = TrustedKeys.load(dirs);
    assertThat(keys.all()).isEmpty();
    assertThat(keys.problems()).hasSize(3);
  }

  @Test
  void aFileWithTwoKeys_orGarbage_isReportedAndIgnored() throws Exception {
    TestPgpKeys.Generated a = TestPgpKeys.key();
    TestPgpKeys.Generated b = TestPgpKeys.key();
    Path dir = Files.createDirectories(tmp.resolve("user/root.d"));
    byte[] both = new byte[a.publicRing().getEncoded().length + b.publicRing().getEncoded().length];
    System.arraycopy(a.publicRing().getEncoded(), 0, both, 0, a.publicRing().getEncoded().length);
    System.arraycopy(b.publicRing().getEncoded(), 0, both, a.publicRing().getEncoded().length,
        b.publicRing().getEncoded().length);
    Files.write(dir.resolve(a.fingerprint().hex()), both);
    Files.write(dir.resolve(b.fingerprint().hex()), "garbage\n".repeat(100).getBytes());
    TrustedKeys keys = TrustedKeys.load(dirs);
    assertThat(keys.all()).isEmpty();
    assertThat(keys.problems()).hasSize(2).anyMatch(p -> p.contains("holds 2 keys"))
        .anyMatch(p -> p.contains("not an OpenPGP public key"));
  }

  @Test
  void userLevelWins_andAnEmptyUserFileDisablesASystemKey() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    TrustedKeys.load(dirs).add(k.key(), KeyPrefix.of("example.com"), KeystoreDirs.Level.SYSTEM);
    assertThat(TrustedKeys.load(dirs).forImage(AcIdentifier.parse("example.com/a"))).hasSize(1);
    Path user = Files.createDirectories(tmp.resolve("user/prefix.d/example.com"));
    Files.createFile(user.resolve(k.fingerprint().hex()));
    TrustedKeys keys = TrustedKeys.load(dirs);
    assertThat(keys.forImage(AcIdentifier.parse("example.com/a"))).isEmpty();
    assertThat(keys.problems()).isEmpty();
  }

  @Test
  void remove_deletesTheKeyAtEveryPrefix_andSaysWhereAKeyIsWhenNotAtThatLevel()
      throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.key();
    TrustedKeys store = TrustedKeys.load(dirs);
    store.add(k.key(), KeyPrefix.of("example.com"), KeystoreDirs.Level.USER);
    store.add(k.key(), KeyPrefix.root(), KeystoreDirs.Level.USER);
    assertThat(store.remove(k.fingerprint(), KeystoreDirs.Level.USER)).hasSize(2);
    assertThat(TrustedKeys.load(dirs).all()).isEmpty();
    Path system = store.add(k.key(), KeyPrefix.root(), KeystoreDirs.Level.SYSTEM);
    assertThatThrownBy(() -> store.remove(k.fingerprint(), KeystoreDirs.Level.USER))
        .hasMessageContaining(system.toString()).hasMessageContaining("--system");
  }

  @Test
  void aKeyWithThousandsOfUserIds_loadsAndShowsAFew() throws Exception {
    TestPgpKeys.Generated k = TestPgpKeys.spec().extraUserIds(2000).make();
    TrustedKeys.load(dirs).add(k.key(), KeyPrefix.root(), KeystoreDirs.Level.USER);
    TrustedKey t = TrustedKeys.load(dirs).all().get(0);
    assertThat(t.key().userIdCount()).isEqualTo(2001);
    assertThat(t.key().userIds()).hasSize(OpenPgpKey.SHOWN_USER_IDS);
  }

  @Test
  void userIds_withControlCharacters_areMadePrintable() {
    TestPgpKeys.Generated k = TestPgpKeys.spec().userId("Evil \u001b[2J<e@x>").make();
    assertThat(k.key().userIds().get(0)).isEqualTo("Evil ?[2J<e@x>");
  }
}
