package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AcVersionTest {

  @Test
  void parse_rejectsZero() {
    assertThatThrownBy(() -> AcVersion.parse("0.0.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid acVersion \"0.0.0\": must not be zero");
  }

  @Test
  void parse_acceptsZeroWithPreRelease_likeTheReference() {
    assertThat(AcVersion.parse("0.0.0-alpha").toString()).isEqualTo("0.0.0-alpha");
  }

  @Test
  void current_isTheImplementedSpecVersion() {
    assertThat(AcVersion.CURRENT.semVer()).isEqualTo(SemVer.of(0, 8, 11));
  }

  @Test
  void compareTo_usesSemverPrecedence() {
    assertThat(AcVersion.parse("0.8.11")).isGreaterThan(AcVersion.parse("0.8.9"));
    assertThat(AcVersion.parse("0.8.11-rc.1")).isLessThan(AcVersion.parse("0.8.11"));
  }

  @Test
  void parse_rejectsNonSemver() {
    assertThatThrownBy(() -> AcVersion.parse("0.8"))
        .hasMessageStartingWith("invalid semantic version \"0.8\"");
  }
}
