package io.jaci.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.spec.Labels;
import org.junit.jupiter.api.Test;

/** Parsing discovery pages and filling templates (issue 13, discovery). */
class MetaTagsTest {
  @Test
  void tagsInAnyAttributeOrderAndQuoting_areRead_othersIgnored() {
    String html = "<html><head>\n"
        + "<meta name=\"ac-discovery\" content=\"example.com https://example.com/{name}-{version}.{ext}\">\n"
        + "<META content='example.com https://example.com/keys.asc' NAME='ac-discovery-pubkeys'/>\n"
        + "<meta name=\"description\" content=\"a b\">\n"
        + "<meta name=\"ac-discovery\" content=\"only-one-field\">\n"
        + "<meta name=ac-discovery content=\"example.com  https://mirror/{name}.{ext}?a=1&amp;b=2\">";
    assertThat(MetaTags.parse(html)).containsExactly(
        new MetaTags.Tag("ac-discovery", "example.com",
            "https://example.com/{name}-{version}.{ext}"),
        new MetaTags.Tag("ac-discovery-pubkeys", "example.com", "https://example.com/keys.asc"),
        new MetaTags.Tag("ac-discovery", "example.com", "https://mirror/{name}.{ext}?a=1&b=2"));
  }

  @Test
  void thousandsOfTags_areRefused() {
    String tag = "<meta name=\"ac-discovery\" content=\"example.com https://x/{name}.{ext}\">";
    assertThatThrownBy(() -> MetaTags.parse(tag.repeat(5000)))
        .hasMessageContaining("more than " + MetaTags.MAX_TAGS);
    assertThat(MetaTags.parse(tag.repeat(MetaTags.MAX_TAGS))).hasSize(MetaTags.MAX_TAGS);
  }

  @Test
  void prefix_matchesWholeSegmentsOnly_spec592() {
    assertThat(MetaTags.prefixMatches("example.com/app", "example.com/app")).isTrue();
    assertThat(MetaTags.prefixMatches("example.com/app", "example.com/app/x")).isTrue();
    assertThat(MetaTags.prefixMatches("example.com", "example.com/app")).isTrue();
    assertThat(MetaTags.prefixMatches("example.com/app", "example.com/apple")).isFalse();
    assertThat(MetaTags.prefixMatches("example.com/ap", "example.com/app")).isFalse();
    assertThat(MetaTags.prefixMatches("example.com/app/x", "example.com/app")).isFalse();
    assertThat(MetaTags.prefixMatches("", "example.com")).isFalse();
  }

  @Test
  void templates_areFilledFromNameAndLabels_anUnfilledOneSkipped() {
    Labels l = Labels.of("version", "1.0.0", "os", "linux", "arch", "amd64", "flavor", "a b");
    assertThat(Discovery.fill("https://h/{name}-{version}-{os}-{arch}.{ext}", "h/app", l, "aci"))
        .isEqualTo("https://h/h/app-1.0.0-linux-amd64.aci");
    assertThat(Discovery.fill("https://h/{name}-{flavor}.{ext}", "h/app", l, "aci.asc"))
        .isEqualTo("https://h/h/app-a%20b.aci.asc");
    assertThat(Discovery.fill("https://h/{name}-{channel}.{ext}", "h/app", l, "aci")).isNull();
    assertThat(Discovery.fill("https://h/{name}-{.{ext}", "h/app", l, "aci")).isNull();
  }
}
