package io.jaci.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** HTTP(S)_PROXY and NO_PROXY (issue 13). */
class EnvironmentProxyTest {
  @Test
  void noProxy_matchesHostsAndDomainSuffixes() {
    EnvironmentProxy p = new EnvironmentProxy(Map.of("https_proxy", "http://proxy:3128",
        "NO_PROXY", "internal.example, .corp, 10.0.0.1"));
    assertThat(p.select(URI.create("https://example.com/x")).get(0).type())
        .isEqualTo(Proxy.Type.HTTP);
    assertThat(p.select(URI.create("https://a.internal.example/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(p.select(URI.create("https://internal.example/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(p.select(URI.create("https://x.corp/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(p.select(URI.create("https://notinternal.example/x")).get(0).type())
        .isEqualTo(Proxy.Type.HTTP);
    assertThat(p.select(URI.create("http://example.com/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(EnvironmentProxy.of(Map.of())).isNull();
  }

  @Test
  void requestsGoThroughTheProxy_unlessNoProxyNamesTheHost() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LocalServer proxy = LocalServer.http()) {
      proxy.on("/", x -> {
        seen.add(x.getRequestURI().toString());
        LocalServer.send(x, 200, ("<meta name=\"ac-discovery\" content=\"far.example/app"
            + " https://far.example/{name}.{ext}\">").getBytes());
      });
      Http http = new Http(Duration.ofSeconds(3), EnumSet.of(InsecureOptions.HTTP),
          AuthFiles.none(), Map.of("http_proxy", "127.0.0.1:" + proxy.port()));
      try (Http.Answer a = http.get(URI.create("http://far.example/app?ac-discovery=1"),
          Map.of())) {
        assertThat(a.status()).isEqualTo(200);
      }
      assertThat(seen).containsExactly("http://far.example/app?ac-discovery=1");
      Http bypass = new Http(Duration.ofSeconds(3), EnumSet.of(InsecureOptions.HTTP),
          AuthFiles.none(), Map.of("http_proxy", "127.0.0.1:" + proxy.port(),
              "no_proxy", "127.0.0.1"));
      assertThatThrownBy(() -> bypass.get(URI.create("http://127.0.0.1:1/app"), Map.of()))
          .hasMessageContaining("cannot connect");
      assertThat(seen).hasSize(1);
    }
  }
}
