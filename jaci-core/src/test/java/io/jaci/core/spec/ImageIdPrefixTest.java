package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageIdPrefixTest {
  private static final ImageId ID = ImageId.parse(
      "sha512-cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
          + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");

  @ParameterizedTest
  @ValueSource(strings = {"sha512-cf83e1357eef", "sha512-cf83e1357eefb8bdf1542850d66d8007"})
  void matches_idsStartingWithIt(String prefix) {
    assertThat(ImageIdPrefix.parse(prefix).matches(ID)).isTrue();
  }

  @Test
  void matches_notOtherIds() {
    assertThat(ImageIdPrefix.parse("sha512-cf83e1357eee").matches(ID)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha512-cf83e1357ee", "cf83e1357eefb8bd", "sha512-CF83E1357EEF", "sha512-"})
  void parse_needsAtLeastTwelveLowerCaseHexDigits(String text) {
    assertThatThrownBy(() -> ImageIdPrefix.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid image ID prefix \"" + text + "\": ");
  }

  @Test
  void toString_isTheTextGiven() {
    assertThat(ImageIdPrefix.parse("sha512-cf83e1357eef").toString())
        .isEqualTo("sha512-cf83e1357eef");
  }
}
