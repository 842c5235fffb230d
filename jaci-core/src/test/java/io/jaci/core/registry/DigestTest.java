package io.jaci.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
  @Test
  void sha256_ofKnownInput() {
    // the SHA-256 of "abc" from FIPS 180-2, appendix B.1
    assertThat(Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII)).toString()).isEqualTo(
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void sameAlgorithmOf_sha512() {
    Digest d = Digest.parse("sha512:" + "0".repeat(128));
    // the SHA-512 of "abc" from FIPS 180-2, appendix C.1
    assertThat(d.sameAlgorithmOf("abc".getBytes(StandardCharsets.US_ASCII)).hex())
        .startsWith("ddaf35a193617aba").endsWith("a54ca49f");
  }

  @Test
  void parse_rejectsUpperCaseAndMissingAlgorithm() {
    assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64)))
        .hasMessageEndingWith("sha256 needs 64 lower-case hex digits");
    assertThatThrownBy(() -> Digest.parse("abc"))
        .hasMessage("invalid digest \"abc\": expected ALGORITHM:HEX, e.g. sha256:<64 hex digits>");
  }
}
