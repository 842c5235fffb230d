package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors from the reference {@code types/acname_test.go}. */
class AcNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"asdf", "foo-bar-baz", "database", "blargh", "example-ourapp-1-0-0"})
  void parse_acceptsGoodNames(String text) {
    assertThat(AcName.parse(text).value()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "foo#", "example.com", "EXAMPLE.com", "example/database", "example/database-1.0.0",
      "foo.com/BAR", "example.com/app_1", "/app", "app/", "-app", "app-", ".app", "app.",
      "a--b"})
  void parse_rejectsBadNames(String text) {
    assertThatThrownBy(() -> AcName.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid AC name \"" + text + "\": ");
  }

  @ParameterizedTest
  @CsvSource({
      "foo#, foo", "EXAMPLE.com, example-com", "foo.com/BAR, foo-com-bar",
      "example.com/app_1, example-com-app-1", "/app, app", "app/, app", "-app, app",
      "app-, app", ".app, app", "app., app", "app///, app", "-/.app.., app",
      "-/app.name-test/-/, app-name-test",
      "sub-domain.example.com/org/product/release-1.0.0, sub-domain-example-com-org-product-release-1-0-0",
      "/var/lib/redis, var-lib-redis"})
  void sanitize_likeTheReference(String in, String expected) {
    assertThat(AcName.sanitize(in).toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"__", "..", "//", "", ".//-"})
  void sanitize_failsWithoutAnyLetterOrDigit(String in) {
    assertThatThrownBy(() -> AcName.sanitize(in)).isInstanceOf(IllegalArgumentException.class);
  }
}
