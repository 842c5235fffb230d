package io.jaci.core.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Base URLs, the names a site discovers, and escaping of untrusted text in pages. */
class SiteAndHtmlTest {
  @Test
  void site_takesTheHostWithoutThePort_namesMatchWholeSegments() {
    Site site = Site.of("http://127.0.0.1:8080/");
    assertThat(site.baseUrl()).isEqualTo("http://127.0.0.1:8080");
    assertThat(site.host()).isEqualTo("127.0.0.1");
    assertThat(site.names("127.0.0.1/example.com/app")).isTrue();
    assertThat(site.names("127.0.0.10/app")).isFalse();
    assertThat(site.fetchReference("127.0.0.1/example.com/app"))
        .isEqualTo("127.0.0.1:8080/example.com/app");
    assertThat(site.fetchReference("example.com/app")).isEqualTo("example.com/app");
    assertThat(Site.of("https://Images.Example.com/aci").host()).isEqualTo("images.example.com");
  }

  @Test
  void site_refusesWhatIsNotAnHttpBaseUrl() {
    for (String bad : new String[] {"ftp://x", "127.0.0.1:8080", "http://x/?q=1", "http://"}) {
      assertThatThrownBy(() -> Site.of(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base URL");
    }
  }

  @Test
  void html_escapesMarkupQuotesAndControlCharacters() {
    assertThat(Html.escape("<img src=x onerror=\"a('1')\">&\u0007"))
        .isEqualTo("&lt;img src=x onerror=&quot;a(&#39;1&#39;)&quot;&gt;&amp;\uFFFD");
  }

  @Test
  void discoveryPage_alwaysHasThePubkeysTag_andEscapesTheName() {
    String page = DiscoveryPage.render(Site.of("http://127.0.0.1:1"), "127.0.0.1/a\"<b>");
    assertThat(page).contains("<meta name=\"ac-discovery-pubkeys\" content=\"127.0.0.1 "
        + "http://127.0.0.1:1/pubkeys.gpg\">")
        .contains("<meta name=\"ac-discovery\" content=\"127.0.0.1 http://127.0.0.1:1/images/"
            + "{name}/{version}-{os}-{arch}.{ext}\">")
        .contains("127.0.0.1/a&quot;&lt;b&gt;").doesNotContain("<b>");
  }
}
