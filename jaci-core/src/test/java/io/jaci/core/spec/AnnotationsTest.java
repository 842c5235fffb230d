package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Vectors from the reference {@code types/annotations_test.go}, {@code date_test.go} and {@code
 * url_test.go}.
 */
class AnnotationsTest {

  private static Annotations of(String... namesAndValues) {
    List<Annotation> list = new java.util.ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      list.add(Annotation.of(namesAndValues[i], namesAndValues[i + 1]));
    }
    return Annotations.of(list);
  }

  @Test
  void of_acceptsGoodSets() {
    assertThat(of("created", "2004-05-14T23:11:14+00:00", "documentation",
        "http://example.com/docs").get("created")).contains("2004-05-14T23:11:14+00:00");
    assertThat(of("foo", "bar", "homepage", "https://homepage.com").get("homepage"))
        .contains("https://homepage.com");
    assertThat(of("appc.io/executor/supports-systemd-notify", "false").isEmpty()).isFalse();
    assertThat(of().isEmpty()).isTrue();
  }

  @Test
  void of_rejectsDuplicates() {
    assertThatThrownBy(() -> of("foo", "bar", "foo", "baz"))
        .hasMessage("[1].name: duplicate annotation \"foo\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2004-05-14T23:11:14+00:00", "2001-02-03T04:05:06Z",
      "2014-11-14T17:36:54-08:00", "2016-06-01T12:00:00.123456789Z"})
  void created_acceptsRfc3339(String date) {
    assertThat(of("created", date).get("created")).contains(date);
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "1416015188", "Fri Nov 14 17:53:02 PST 2014",
      "2014-11-1417:36:54", "2014-11-14T17:36:54", "2014-13-14T17:36:54Z"})
  void created_rejectsOtherDates(String date) {
    assertThatThrownBy(() -> of("created", date))
        .hasMessage("[0].value: created \"" + date
            + "\" is not an RFC 3339 date-time like 2016-01-02T03:04:05Z");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://foo.com", "http://foo.com/huh/what?is=this",
      "https://example.com/bar", "https://ohai.net"})
  void homepage_acceptsHttpUrls(String url) {
    assertThat(of("homepage", url, "documentation", url).get("documentation")).contains(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://foo.com", "unix:///hello", "not a url", "not-A$@#URL",
      "ftp://isnotallowed.com", "unix://file.net"})
  void documentation_rejectsOtherUrls(String url) {
    assertThatThrownBy(() -> of("documentation", url))
        .hasMessageStartingWith("[0].value: documentation \"" + url + "\"");
  }

  @Test
  void get_likeTheReference() {
    Annotations a = of("foo", "bar", "website", "http://example.com/anno");
    assertThat(a.get("foo")).contains("bar");
    assertThat(a.get("website")).contains("http://example.com/anno");
    assertThat(a.get("baz")).isEmpty();
  }

  @Test
  void with_appendsThenReplaces() {
    Annotations a = Annotations.empty().with("foo", "bar").with("dog", "woof");
    assertThat(a).isEqualTo(of("foo", "bar", "dog", "woof"));
    assertThat(a.with("foo", "baz")).isEqualTo(of("foo", "baz", "dog", "woof"));
  }

  @Test
  void with_checksTheResult() {
    assertThatThrownBy(() -> Annotations.empty().with("created", "yesterday"))
        .hasMessageContaining("RFC 3339");
  }
}
