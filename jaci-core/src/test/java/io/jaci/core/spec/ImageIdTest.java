package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors adapted from the reference {@code types/hash_test.go}, plus jaci's ID rules. */
class ImageIdTest {
  // SHA-512 of the empty input, from FIPS 180-2 test vectors.
  private static final String EMPTY_SHA512 =
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
          + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";

  @Test
  void ofSha512_isPrefixAndLowerCaseHex() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-512").digest(new byte[0]);
    ImageId id = ImageId.ofSha512(digest);
    assertThat(id.toString()).isEqualTo("sha512-" + EMPTY_SHA512);
    assertThat(id.isFull()).isTrue();
    assertThat(id.hex()).isEqualTo(EMPTY_SHA512);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // the reference's vector
      "sha512-06c733b1838136838e6d2d3e8fa5aea4c7905e92",
      // rkt's 64-digit store key and its 12-digit listing form
      "sha512-cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce",
      "sha512-cf83e1357eef"})
  void parse_acceptsShortForms(String text) {
    ImageId id = ImageId.parse(text);
    assertThat(id.toString()).isEqualTo(text);
    assertThat(id.isFull()).isFalse();
  }

  @Test
  void parse_fullId() {
    assertThat(ImageId.parse("sha512-" + EMPTY_SHA512).isFull()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // the reference's bad vectors: empty value, other hash types, no type
      "sha512-", "sha1-abcdef", "-abcdef", "", "abcdef",
      // the reference accepts any value; jaci wants hex
      "sha512-abcdefghi", "sha512-CF83E1357EEF", "sha512-cf83e1357ee", "sha256-cf83e1357eefb8bd"})
  void parse_rejectsBadIds(String text) {
    assertThatThrownBy(() -> ImageId.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid image ID \"" + text + "\": ");
  }

  @Test
  void parse_rejectsTooLong() {
    assertThatThrownBy(() -> ImageId.parse("sha512-" + EMPTY_SHA512 + "00"))
        .hasMessageContaining("expected 12 to 128 hex digits, got 130");
  }

  @Test
  void parse_messageNamesUpperCaseDigit() {
    assertThatThrownBy(() -> ImageId.parse("sha512-abcdefABCDEF"))
        .hasMessage("invalid image ID \"sha512-abcdefABCDEF\": upper-case hex digit at 13");
  }

  @Test
  void ofSha512_rejectsWrongDigestLength() {
    assertThatThrownBy(() -> ImageId.ofSha512(new byte[32]))
        .hasMessage("a SHA-512 digest has 64 bytes, got 32");
  }
}
