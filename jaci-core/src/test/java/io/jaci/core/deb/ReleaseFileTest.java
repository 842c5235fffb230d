package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReleaseFileTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void readsTheSha256ListOfAClearSignedInRelease() throws Exception {
    String text = String.join("\n",
        "-----BEGIN PGP SIGNED MESSAGE-----",
        "Hash: SHA512",
        "",
        "Origin: Test",
        "Codename: bookworm",
        "MD5Sum:",
        " 0123 10 main/binary-amd64/Packages",
        "SHA256:",
        " " + A + "  1234 main/binary-amd64/Packages.xz",
        " " + B + " 99999 main/binary-amd64/Packages",
        "- Dashed: escaped line",
        "-----BEGIN PGP SIGNATURE-----",
        "",
        "iQIzBAEBCgAdFiEE",
        "-----END PGP SIGNATURE-----",
        "");
    ReleaseFile r = ReleaseFile.parse(text, "InRelease");
    assertThat(r.field("Codename")).contains("bookworm");
    assertThat(r.checksum("main/binary-amd64/Packages.xz"))
        .contains(new ReleaseFile.Checksum(A, 1234));
    assertThat(r.checksum("main/binary-amd64/Packages"))
        .contains(new ReleaseFile.Checksum(B, 99999));
    assertThat(r.checksum("main/binary-arm64/Packages")).isEmpty();
    assertThat(r.field("Dashed")).contains("escaped line");
  }

  @Test
  void withoutSha256ItIsRefused() {
    assertThatThrownBy(() -> ReleaseFile.parse("Origin: x\nMD5Sum:\n 01 1 a\n", "Release"))
        .hasMessageStartingWith("Release: no SHA256 list");
    assertThatThrownBy(() -> ReleaseFile.parse("SHA256:\n nonsense\n", "Release"))
        .hasMessage("Release: bad SHA256 line \"nonsense\"");
  }
}
