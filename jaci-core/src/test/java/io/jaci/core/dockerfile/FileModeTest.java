package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --chmod, octal or symbolic, with chmod(1)'s results (GNU coreutils, umask ignored). */
class FileModeTest {
  @ParameterizedTest(name = "{0} on {1} (dir {2}) = {3}")
  @CsvSource({
      "0755, 0600, false, 0755", "644, 0777, true, 0644", "u+x, 0644, false, 0744",
      "go-w, 0666, false, 0644", "a=rX, 0644, false, 0444", "a=rX, 0644, true, 0555",
      "a=rX, 0744, false, 0555", "'u=rwx,go=rx', 0600, false, 0755", "+x, 0644, false, 0755",
      "u+s, 0755, false, 04755", "g+s, 0755, true, 02755", "+t, 0777, true, 01777",
      "o=, 0777, false, 0770", "'ug+w,o-r', 0444, false, 0660"})
  void modes(String value, String before, boolean dir, String after) {
    assertThat(FileMode.parse(value).apply(Integer.parseInt(before, 8), dir))
        .isEqualTo(Integer.parseInt(after, 8));
  }

  @ParameterizedTest
  @CsvSource({"u+q", "8755", "'u+x,'", "rwx", "u!x"})
  void badValuesAreRefused(String value) {
    assertThatThrownBy(() -> FileMode.parse(value)).hasMessageContaining("--chmod=");
  }
}
