package io.jaci.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meta discovery against real servers on 127.0.0.1 (issue 13: discovery and its pitfalls). */
class DiscoveryTest {
  static final Set<InsecureOptions> HTTP = EnumSet.of(InsecureOptions.HTTP);
  LocalServer server;

  @BeforeEach
  void start() throws IOException {
    server = LocalServer.http();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String meta(String prefix, String template) {
    return "<meta name=\"ac-discovery\" content=\"" + prefix + " " + template + "\">\n";
  }

  private ImageRequest request(String path) {
    return ImageRequest.parse("127.0.0.1:" + server.port() + path);
  }

  private static Discovery discovery(Set<InsecureOptions> insecure) {
    return new Discovery(Duration.ofSeconds(2), insecure);
  }

  /**
   * Issue 13 (FetchIT took 143 s): HTTPS is tried first, and a plain-HTTP server that answers
   * the ClientHello (400 or a close, as nginx and jaci serve do) fails the handshake at once;
   * the fallback to http:// costs no timeout, even with a long one and a walk up the path.
   */
  @Test
  void httpsFirst_againstAPlainHttpServerThatAnswers_fallsBackWithoutWaitingForTheTimeout()
      throws Exception {
    server.text("/example.com", 200, meta("127.0.0.1/example.com", "https://h/{name}.{ext}"));
    long start = System.nanoTime();
    Endpoints e = new Discovery(Duration.ofSeconds(30), HTTP)
        .discover(request("/example.com/app/tools"));
    assertThat(e.images()).hasSize(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  /**
   * Issue 13, left then: a host whose TLS port never answers (the JDK's server, a firewall
   * dropping packets) cost the whole timeout at each level of the walk up the name. It is now
   * asked over https once per walk; http goes on.
   */
  @Test
  void aHostThatNeverAnswersTls_isAskedOverHttpsOncePerWalk() throws Exception {
    try (LocalServer silent = LocalServer.httpSilentToTls()) {
      silent.text("/example.com", 200, meta("127.0.0.1/example.com", "https://h/{name}.{ext}"));
      Endpoints e = new Discovery(Duration.ofSeconds(1), HTTP).discover(
          ImageRequest.parse("127.0.0.1:" + silent.port() + "/example.com/app/tools"));
      assertThat(e.images()).hasSize(1);
      assertThat(e.page().getScheme()).isEqualTo("http");
      assertThat(silent.tlsHellos()).isEqualTo(1);
    }
  }

  @Test
  void thePortIsForTheConnectionOnly_andTemplatesAreFilled() throws Exception {
    server.text("/example.com/app", 200, "<html><head>"
        + meta("127.0.0.1/example.com/app",
            "https://cdn.example.org/{name}-{version}-{os}-{arch}.{ext}")
        + "<meta name=\"ac-discovery-pubkeys\" content=\"127.0.0.1/example.com"
        + " https://keys.example.org/pubkeys.asc\">");
    ImageRequest r = request("/example.com/app:2.0.0,os=linux,arch=aarch64");
    assertThat(r.app().name().value()).isEqualTo("127.0.0.1/example.com/app");
    Endpoints e = discovery(HTTP).discover(r);
    assertThat(e.images()).containsExactly(new Endpoints.Image(
        URI.create("https://cdn.example.org/127.0.0.1/example.com/app-2.0.0-linux-aarch64.aci"),
        URI.create(
            "https://cdn.example.org/127.0.0.1/example.com/app-2.0.0-linux-aarch64.aci.asc")));
    assertThat(e.keys()).containsExactly(URI.create("https://keys.example.org/pubkeys.asc"));
  }

  @Test
  void versionDefaultsToLatest_andATemplateWithAnUnknownVariableIsSkipped() throws Exception {
    server.text("/example.com/app", 200,
        meta("127.0.0.1/example.com/app", "https://h/{name}-{channel}.{ext}")
        + meta("127.0.0.1/example.com/app", "https://h/{name}-{version}.{ext}"));
    Endpoints e = discovery(HTTP).discover(request("/example.com/app"));
    assertThat(e.images()).extracting(Endpoints.Image::aci)
        .containsExactly(URI.create("https://h/127.0.0.1/example.com/app-latest.aci"));
  }

  @Test
  void walksUpThePathUntilAPrefixGivesEndpoints() throws Exception {
    AtomicInteger deep = new AtomicInteger();
    server.on("/example.com/app/tools", x -> {
      deep.incrementAndGet();
      LocalServer.send(x, 404, new byte[0]);
    });
    server.text("/example.com", 200,
        meta("127.0.0.1/example.com", "https://h/{name}-{version}.{ext}"));
    Endpoints e = discovery(HTTP).discover(request("/example.com/app/tools:1"));
    assertThat(deep.get()).isEqualTo(1);
    assertThat(e.page().getPath()).isEqualTo("/example.com");
    assertThat(e.images()).extracting(Endpoints.Image::aci)
        .containsExactly(URI.create("https://h/127.0.0.1/example.com/app/tools-1.aci"));
  }

  @Test
  void aStringPrefixIsNoMatch_spec592() {
    server.text("/example.com", 200,
        meta("127.0.0.1/example.com/app", "https://h/{name}-{version}.{ext}"));
    assertThatThrownBy(() -> discovery(HTTP).discover(request("/example.com/apple")))
        .hasMessageStartingWith("no image found by discovery for 127.0.0.1:")
        .hasMessageContaining("/example.com?ac-discovery=1: no ac-discovery template");
  }

  @Test
  void aHugePage_isCutAt1MiB() {
    server.on("/example.com/app", x -> {
      x.sendResponseHeaders(200, 0);
      byte[] chunk = "<p>padding</p>".repeat(1000).getBytes();
      try (OutputStream out = x.getResponseBody()) {
        for (int i = 0; i < 7500; i++) { // 100 MB
          out.write(chunk);
        }
      } catch (IOException closedByClient) {
        // expected: the client stops at the bound
      }
    });
    long start = System.nanoTime();
    assertThatThrownBy(() -> discovery(HTTP).discover(request("/example.com/app")))
        .hasMessageContaining("the discovery page is over 1024 KiB, refused");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void thousandsOfTags_areRefused() {
    server.text("/example.com/app", 200,
        meta("127.0.0.1/example.com/app", "https://h/{name}.{ext}").repeat(3000));
    assertThatThrownBy(() -> discovery(HTTP).discover(request("/example.com/app")))
        .hasMessageContaining("more than 200 discovery meta tags, refused");
  }

  @Test
  void plainHttp_isNotTried_withoutTheOption() {
    server.text("/example.com/app", 200,
        meta("127.0.0.1/example.com/app", "https://h/{name}.{ext}"));
    assertThatThrownBy(() -> discovery(Set.of()).discover(request("/example.com/app")))
        .hasMessageContaining("https://127.0.0.1:" + server.port() + "/example.com/app?")
        .hasMessageNotContaining("http://127.0.0.1");
  }

  @Test
  void anHttpsToHttpRedirect_isRefused_withoutTheOption(@TempDir Path dir) throws Exception {
    server.text("/example.com/app", 200,
        meta("127.0.0.1/example.com/app", "https://h/{name}.{ext}"));
    try (LocalServer tls = LocalServer.https(dir)) {
      tls.on("/", x -> LocalServer.redirect(x, server.base() + x.getRequestURI()));
      ImageRequest r = ImageRequest.parse("127.0.0.1:" + tls.port() + "/example.com/app");
      assertThatThrownBy(() -> discovery(EnumSet.of(InsecureOptions.TLS)).discover(r))
          .hasMessageContaining("redirected from https:// to http://")
          .hasMessageContaining("--insecure-options=http");
      assertThat(discovery(EnumSet.of(InsecureOptions.TLS, InsecureOptions.HTTP)).discover(r)
          .images()).hasSize(1);
    }
  }

  @Test
  void aSelfSignedCertificate_isRefused_withoutTheTlsOption(@TempDir Path dir) throws Exception {
    try (LocalServer tls = LocalServer.https(dir)) {
      tls.text("/example.com/app", 200,
          meta("127.0.0.1/example.com/app", "https://h/{name}.{ext}"));
      ImageRequest r = ImageRequest.parse("127.0.0.1:" + tls.port() + "/example.com/app");
      assertThatThrownBy(() -> discovery(Set.of()).discover(r))
          .hasMessageStartingWith("no image found by discovery");
      assertThat(discovery(EnumSet.of(InsecureOptions.TLS)).discover(r).images()).hasSize(1);
    }
  }

  @Test
  void redirectsAreFollowed_butNotForEver() {
    server.on("/example.com/app", x -> LocalServer.redirect(x, "/moved/app"));
    server.text("/moved/app", 200, meta("127.0.0.1/example.com/app", "https://h/{name}.{ext}"));
    server.on("/loop", x -> LocalServer.redirect(x, "/loop"));
    assertThat(assertDiscovers(request("/example.com/app"))).isTrue();
    assertThatThrownBy(() -> discovery(HTTP).discover(request("/loop")))
        .hasMessageContaining("more than 5 redirects");
  }

  private boolean assertDiscovers(ImageRequest r) {
    try {
      return !discovery(HTTP).discover(r).images().isEmpty();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aServerThatDoesNotAnswer_timesOut() {
    server.on("/example.com/app", x -> {
      try {
        Thread.sleep(20_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long start = System.nanoTime();
    assertThatThrownBy(() -> discovery(HTTP).discover(request("/example.com/app")))
        .hasMessageContaining("no answer within 2 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void errorsName500And404() {
    server.text("/example.com/app", 500, "oops");
    assertThatThrownBy(() -> discovery(HTTP).discover(request("/example.com/app")))
        .hasMessageContaining("/example.com/app?ac-discovery=1: HTTP 500")
        .hasMessageContaining("/example.com?ac-discovery=1: HTTP 404");
  }

  @Test
  void aPortThatIsNoPort_isRefused() {
    assertThatThrownBy(() -> ImageRequest.parse("127.0.0.1:99999/example.com/app"))
        .hasMessageContaining("not a port");
    assertThat(ImageRequest.parse("example.com/app:1.0").port()).isEmpty();
    assertThat(ImageRequest.parse("example.com/app:1.0").app().version()).hasValue("1.0");
  }
}
