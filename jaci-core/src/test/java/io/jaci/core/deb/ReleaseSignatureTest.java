package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Signatures checked on real data: the InRelease files apt fetched onto this machine
 * (apt-get update has run wherever the tests' packages were installed), against Debian's
 * archive keyring, and the same files changed by one byte.
 */
class ReleaseSignatureTest {
  private static final Path KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");

  private static List<Path> aptInReleases() throws Exception {
    Path lists = Path.of("/var/lib/apt/lists");
    if (!Files.isRegularFile(KEYRING) || !Files.isDirectory(lists)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(lists)) {
      return s.filter(p -> p.getFileName().toString().endsWith("_InRelease")).sorted().toList();
    }
  }

  @Test
  void debiansInReleaseVerifiesAndAChangedOneDoesNot() throws Exception {
    List<Path> files = aptInReleases();
    if (files.isEmpty()) {
      assertThat(System.getenv("CI")).as("CI=true: no apt InRelease files and keyring")
          .isNotEqualTo("true");
      Assumptions.assumeTrue(false, "skipped: no /var/lib/apt/lists/*_InRelease");
    }
    ReleaseSignature keys = ReleaseSignature.load(List.of(KEYRING));
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      String text = keys.verifyClearSigned(bytes, f.toString());
      ReleaseFile release = ReleaseFile.parse(text, f.toString());
      assertThat(release.field("Origin")).isPresent();
      assertThat(text).doesNotContain("BEGIN PGP");
      String s = new String(bytes, StandardCharsets.UTF_8);
      int at = s.indexOf("SHA256:") + 12;
      char c = s.charAt(at);
      byte[] changed = (s.substring(0, at) + (c == 'a' ? 'b' : 'a') + s.substring(at + 1))
          .getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> keys.verifyClearSigned(changed, f.toString()))
          .hasMessageStartingWith(f + ": no valid OpenPGP signature by a key of " + KEYRING);
    }
  }

  @Test
  void aKeyringThatIsNotOneIsNamed() throws Exception {
    Path bad = Files.createTempFile("keyring", ".gpg");
    Files.writeString(bad, "not a key");
    assertThatThrownBy(() -> ReleaseSignature.load(List.of(bad)))
        .hasMessageStartingWith(bad + ": not an OpenPGP keyring");
    Files.delete(bad);
  }
}
