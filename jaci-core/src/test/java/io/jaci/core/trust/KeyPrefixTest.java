package io.jaci.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.spec.AcIdentifier;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPrefixTest {
  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource({
      "example.com/app, example.com/app, true",
      "example.com/app, example.com/app/x, true",
      "example.com/app, example.com/app/x/y, true",
      "example.com/app, example.com/apple, false",
      "example.com/app, example.com/app-x, false",
      "example.com/app, example.com/app.x, false",
      "example.com/app, example.com, false",
      "example.com, example.com/app, true",
      "example.com, example.comx/app, false",
      "example.com, example.co, false"})
  @DisplayName("appc/spec#592: a prefix covers whole path segments, never a string prefix")
  void covers_wholePathSegments_appcSpec592(String prefix, String image, boolean covered) {
    assertThat(KeyPrefix.of(prefix).covers(AcIdentifier.parse(image))).isEqualTo(covered);
  }

  @Test
  void root_coversEverything() {
    assertThat(KeyPrefix.root().covers(AcIdentifier.parse("anything/at/all"))).isTrue();
    assertThat(KeyPrefix.root()).hasToString("root");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc", "example.com/../x", "example.com/./x", "/abs", "a//b",
      "Example.com", "example.com/", "", "a b", "a/..", "..", "."})
  void of_refusesWhatIsNotAnAcIdentifier(String bad) {
    assertThatThrownBy(() -> KeyPrefix.of(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid key prefix")
        .hasMessageContaining("\"" + bad + "\"");
  }

  @Test
  void covering_isTheNameAndItsParents_longestFirst() {
    assertThat(KeyPrefix.covering(AcIdentifier.parse("example.com/app/x")))
        .extracting(KeyPrefix::toString)
        .containsExactly("example.com/app/x", "example.com/app", "example.com");
  }

  @Test
  void directory_isRktsLayout() {
    Path keys = Path.of("/k");
    assertThat(KeyPrefix.of("example.com/app").directory(keys))
        .isEqualTo(Path.of("/k/prefix.d/example.com/app"));
    assertThat(KeyPrefix.root().directory(keys)).isEqualTo(Path.of("/k/root.d"));
  }

  @Test
  void fingerprint_parsesWhatGpgPrints() {
    Fingerprint f = Fingerprint.parse("B346 E31D E7E3 C6F9 D1D4  603F 4DFB 61BF 26EF 7A14");
    assertThat(f.hex()).isEqualTo("b346e31de7e3c6f9d1d4603f4dfb61bf26ef7a14");
    assertThat(f.pretty()).isEqualTo("B346 E31D E7E3 C6F9 D1D4  603F 4DFB 61BF 26EF 7A14");
    assertThat(f.keyId()).isEqualTo("4DFB61BF26EF7A14");
    assertThatThrownBy(() -> Fingerprint.parse("../../etc/passwd"))
        .hasMessageContaining("invalid key fingerprint");
  }
}
