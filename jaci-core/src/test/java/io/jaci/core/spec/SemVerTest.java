package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors from the reference {@code types/semver_test.go} and semver.org. */
class SemVerTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1.0.0           | 1 | 0 | 0 | ''    | ''",
      "3.2.1           | 3 | 2 | 1 | ''    | ''",
      "3.2.1-foo       | 3 | 2 | 1 | foo   | ''",
      "1.2.3-alpha+git | 1 | 2 | 3 | alpha | git",
      "0.8.11          | 0 | 8 | 11 | ''   | ''",
      "1.0.0-rc.1+build.5 | 1 | 0 | 0 | rc.1 | build.5"})
  void parse_goodVersions(String text, long major, long minor, long patch, String pre,
      String build) {
    SemVer v = SemVer.parse(text);
    assertThat(v.major()).isEqualTo(major);
    assertThat(v.minor()).isEqualTo(minor);
    assertThat(v.patch()).isEqualTo(patch);
    assertThat(String.join(".", v.preRelease())).isEqualTo(pre);
    assertThat(String.join(".", v.build())).isEqualTo(build);
    assertThat(v.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1.2.3.4", "v1.2.3", "", "01.2.3", "1.2.3-01", "1.2.3-", "1.2",
      "1.2.3+", "1.2.3-a..b", "99999999999999999999.0.0"})
  void parse_rejectsBadVersions(String text) {
    assertThatThrownBy(() -> SemVer.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid semantic version \"" + text + "\"");
    assertThat(SemVer.tryParse(text)).isEmpty();
  }

  @Test
  void compareTo_followsSemverPrecedence() {
    List<String> ascending = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
        "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0",
        "1.10.0", "2.0.0");
    for (int i = 0; i + 1 < ascending.size(); i++) {
      SemVer lower = SemVer.parse(ascending.get(i));
      SemVer higher = SemVer.parse(ascending.get(i + 1));
      assertThat(lower).as("%s < %s", lower, higher).isLessThan(higher);
      assertThat(higher).as("%s > %s", higher, lower).isGreaterThan(lower);
    }
  }

  @Test
  void compareTo_ignoresBuildMetadataButEqualsDoesNot() {
    SemVer a = SemVer.parse("1.0.0+a");
    SemVer b = SemVer.parse("1.0.0+b");
    assertThat(a.compareTo(b)).isZero();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void tryParse_freeTextVersionLabel() {
    assertThat(SemVer.tryParse("latest")).isEmpty();
    assertThat(SemVer.tryParse("2.4.1")).contains(SemVer.of(2, 4, 1));
  }
}
