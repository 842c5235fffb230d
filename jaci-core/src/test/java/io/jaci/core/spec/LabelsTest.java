package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors from the reference {@code types/labels_test.go}. */
class LabelsTest {

  @ParameterizedTest
  @CsvSource({
      "linux, amd64", "linux, aarch64", "linux, aarch64_be", "linux, armv6l", "linux, armv7l",
      "linux, armv7b", "linux, ppc64le", "linux, ppc64", "linux, s390x", "linux, i386",
      "freebsd, amd64", "freebsd, i386", "freebsd, arm", "darwin, x86_64", "darwin, i386"})
  void of_acceptsValidOsArch(String os, String arch) {
    Labels labels = Labels.of("os", os, "arch", arch);
    assertThat(labels.get("os")).contains(os);
    assertThat(labels.get("arch")).contains(arch);
  }

  @ParameterizedTest
  @CsvSource({"linux, arm64_be", "linux, arm", "linux, ppc64l", "linux, ppc64b",
      "linux, ppc64be", "linux, S390x", "freebsd, armv7b", "darwin, amd64"})
  void of_rejectsArchNotValidForOs(String os, String arch) {
    assertThatThrownBy(() -> Labels.of("os", os, "arch", arch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("[1].value: arch \"" + arch + "\" is not valid for os \"" + os + "\"");
  }

  @Test
  void of_arm64_hintsAarch64() {
    // jaci adds the hint; the reference only says "bad arch".
    assertThatThrownBy(() -> Labels.of("os", "linux", "arch", "arm64"))
        .hasMessage("[1].value: arch \"arm64\" is not valid for os \"linux\" (did you mean"
            + " \"aarch64\"?): must be one of amd64, i386, aarch64, aarch64_be, armv6l, armv7l,"
            + " armv7b, ppc64, ppc64le, s390x");
  }

  @Test
  void of_rejectsUnknownOs() {
    assertThatThrownBy(() -> Labels.of("os", "OS/360", "arch", "S/360"))
        .hasMessage("[0].value: unknown os \"OS/360\": must be one of darwin, freebsd, linux");
  }

  @Test
  void of_archWithoutOsIsNotChecked() {
    assertThat(Labels.of("arch", "anything").get("arch")).contains("anything");
  }

  @Test
  void of_rejectsLabelCalledName() {
    assertThatThrownBy(() -> Labels.of("name", "foo"))
        .hasMessageStartingWith("[0].name: \"name\" is not allowed as a label");
  }

  @Test
  void of_rejectsDuplicates() {
    assertThatThrownBy(() -> Labels.of("os", "linux", "os", "freebsd"))
        .hasMessage("[1].name: duplicate label \"os\"");
    assertThatThrownBy(() -> Labels.of("arch", "amd64", "os", "freebsd", "arch", "x86_64"))
        .hasMessageContaining("[2].name: duplicate label \"arch\"");
  }

  @Test
  void of_empty() {
    assertThat(Labels.of(List.of()).isEmpty()).isTrue();
    assertThat(Labels.of(List.of())).isEqualTo(Labels.empty());
  }

  @Test
  void of_keepsOrder_unlikeTheReferenceLabelsFromMap() {
    Labels labels = Labels.of("foo", "bar", "bar", "baz", "baz", "foo");
    assertThat(labels.asList()).extracting(l -> l.name().value())
        .containsExactly("foo", "bar", "baz");
  }

  @Test
  void get_absentLabel() {
    assertThat(Labels.of("foo", "").get("foo")).contains("");
    assertThat(Labels.of("foo", "").get("bar")).isEmpty();
  }

  @Test
  void with_replacesInPlaceOrAppends() {
    Labels labels = Labels.of("version", "1.0", "os", "linux");
    assertThat(labels.with("version", "2.0")).isEqualTo(Labels.of("version", "2.0", "os", "linux"));
    assertThat(labels.with("arch", "amd64"))
        .isEqualTo(Labels.of("version", "1.0", "os", "linux", "arch", "amd64"));
    assertThat(labels.get("version")).contains("1.0");
  }

  @Test
  void with_checksTheResult() {
    assertThatThrownBy(() -> Labels.of("os", "linux").with("arch", "arm64"))
        .hasMessageContaining("aarch64");
  }

  @Test
  void asList_isUnmodifiable() {
    Labels labels = Labels.of("os", "linux");
    assertThatThrownBy(() -> labels.asList().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
