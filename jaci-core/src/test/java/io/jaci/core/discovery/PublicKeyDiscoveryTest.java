package io.jaci.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.trust.KeyDownload;
import io.jaci.core.trust.TestSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jaci trust add --prefix NAME} without a key (issue 13): the keys of a prefix found by
 * meta discovery against real servers on 127.0.0.1 (HTTPS with a certificate the test trusts,
 * or plain HTTP), and its pitfalls: a tag for a string prefix (appc/spec#592), a key over
 * plain HTTP without --insecure-options=pubkey,http, a page without bound. (Silent trust,
 * rkt#1880, is the CLI's part: TrustDiscoveryIT.)
 */
class PublicKeyDiscoveryTest {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  @TempDir Path tmp;
  LocalServer server;
  final TestSigner signer = new TestSigner();
  final TestSigner other = new TestSigner();
  final List<String> requested = new CopyOnWriteArrayList<>();
  final Map<String, byte[]> files = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void serve(LocalServer s) {
    server = s;
    server.on("/", x -> {
      String path = x.getRequestURI().getPath();
      requested.add(x.getRequestURI().toString());
      byte[] body = files.get(path);
      LocalServer.send(x, body == null ? 404 : 200, body == null ? new byte[0] : body);
    });
  }

  private void page(String path, String... tags) {
    StringBuilder b = new StringBuilder("<html><head>\n");
    for (int i = 0; i < tags.length; i += 2) {
      b.append("<meta name=\"ac-discovery-pubkeys\" content=\"").append(tags[i]).append(' ')
          .append(tags[i + 1]).append("\">\n");
    }
    files.put(path, b.append("</head></html>").toString().getBytes(StandardCharsets.UTF_8));
  }

  private String name(String rest) {
    return "127.0.0.1:" + server.port() + rest;
  }

  /** Discovery over HTTPS that trusts the test server's certificate only. */
  private PublicKeyDiscovery overHttps(boolean allowHttp) throws Exception {
    SSLContext tls = LocalServer.trusting(tmp);
    Set<InsecureOptions> insecure = allowHttp ? EnumSet.of(InsecureOptions.HTTP)
        : EnumSet.noneOf(InsecureOptions.class);
    return new PublicKeyDiscovery(new Discovery(new Http(TIMEOUT, insecure, AuthFiles.none(),
        Map.of(), tls)), new KeyDownload(TIMEOUT, allowHttp, tls), allowHttp);
  }

  @Test
  void theKeysOfAPrefix_areFoundWalkingUpTheName_overHttps() throws Exception {
    serve(LocalServer.https(tmp));
    files.put("/keys/signer.asc", signer.publicKey().armored());
    page("/example.com", "127.0.0.1/example.com", server.base() + "/keys/signer.asc");

    PublicKeyDiscovery.Found found = overHttps(false).discover(name("/example.com/app"));

    assertThat(found.prefix().toString()).isEqualTo("127.0.0.1/example.com/app");
    assertThat(found.page()).isEqualTo(URI.create(server.base() + "/example.com?ac-discovery=1"));
    assertThat(found.keys()).hasSize(1);
    assertThat(found.keys().get(0).key().fingerprint())
        .isEqualTo(signer.publicKey().fingerprint());
    assertThat(found.keys().get(0).url()).isEqualTo(URI.create(server.base()
        + "/keys/signer.asc"));
    // the name itself first, then one segment up, where the keys were
    assertThat(requested).containsExactly("/example.com/app?ac-discovery=1",
        "/example.com?ac-discovery=1", "/keys/signer.asc");
  }

  @Test
  void aTagForAStringPrefix_isNotUsedForAnotherPrefix_spec592() throws Exception {
    serve(LocalServer.https(tmp));
    files.put("/keys/other.asc", other.publicKey().armored());
    page("/example.com", "127.0.0.1/example.com/apple", server.base() + "/keys/other.asc",
        "127.0.0.1/example.com/ap", server.base() + "/keys/other.asc");

    assertThatThrownBy(() -> overHttps(false).discover(name("/example.com/app")))
        .hasMessageContaining("no public keys found by discovery for " + name("/example.com/app"))
        .hasMessageContaining("no ac-discovery-pubkeys tag for 127.0.0.1/example.com/app");
    assertThat(requested).noneMatch(r -> r.startsWith("/keys/"));
  }

  @Test
  void aKeyOverPlainHttp_isRefusedWithoutPubkeyHttp_evenFromAnHttpsPage() throws Exception {
    serve(LocalServer.https(tmp));
    try (LocalServer plain = LocalServer.http()) {
      AtomicInteger keyRequests = new AtomicInteger();
      plain.on("/key.asc", x -> {
        keyRequests.incrementAndGet();
        LocalServer.send(x, 200, signer.publicKey().armored());
      });
      page("/example.com/app", "127.0.0.1/example.com/app", plain.base() + "/key.asc");

      assertThatThrownBy(() -> overHttps(false).discover(name("/example.com/app")))
          .hasMessageContaining(plain.base() + "/key.asc")
          .hasMessageContaining("--insecure-options=pubkey,http");
      assertThat(keyRequests).hasValue(0);
      // with the option (both parts) it is taken
      assertThat(overHttps(true).discover(name("/example.com/app")).keys()).hasSize(1);
      assertThat(keyRequests).hasValue(1);
    }
  }

  @Test
  void aPlainHttpPage_isNotAskedWithoutBothPubkeyAndHttp() throws Exception {
    serve(LocalServer.http());
    files.put("/key.asc", signer.publicKey().armored());
    page("/example.com", "127.0.0.1/example.com", server.base() + "/key.asc");

    for (Set<InsecureOptions> notEnough : List.of(EnumSet.noneOf(InsecureOptions.class),
        EnumSet.of(InsecureOptions.HTTP), EnumSet.of(InsecureOptions.PUBKEY))) {
      assertThatThrownBy(() -> new PublicKeyDiscovery(TIMEOUT, notEnough)
          .discover(name("/example.com/app")))
          .hasMessageContaining("https://" + name("/example.com/app") + "?ac-discovery=1");
    }
    assertThat(requested).isEmpty();
    PublicKeyDiscovery.Found found = new PublicKeyDiscovery(TIMEOUT,
        EnumSet.of(InsecureOptions.PUBKEY, InsecureOptions.HTTP))
        .discover(name("/example.com/app"));
    assertThat(found.keys()).extracting(k -> k.key().fingerprint())
        .containsExactly(signer.publicKey().fingerprint());
  }

  @Test
  void severalUrls_giveEachKeyOnce() throws Exception {
    serve(LocalServer.http());
    files.put("/a.asc", signer.publicKey().armored());
    files.put("/b.asc", concat(other.publicKey().armored(), signer.publicKey().armored()));
    page("/example.com/app", "127.0.0.1/example.com/app", server.base() + "/a.asc",
        "127.0.0.1/example.com", server.base() + "/b.asc");
    PublicKeyDiscovery.Found found = new PublicKeyDiscovery(TIMEOUT,
        EnumSet.of(InsecureOptions.PUBKEY, InsecureOptions.HTTP))
        .discover(name("/example.com/app"));
    assertThat(found.keys()).extracting(k -> k.key().fingerprint()).containsExactly(
        signer.publicKey().fingerprint(), other.publicKey().fingerprint());
  }

  @Test
  void aHugePage_isReadOnlyToItsBound() throws Exception {
    serve(LocalServer.http());
    server.on("/example.com/app", x -> {
      x.sendResponseHeaders(200, 0);
      byte[] chunk = "<p>padding</p>".repeat(1000).getBytes(StandardCharsets.UTF_8);
      try (OutputStream out = x.getResponseBody()) {
        for (int i = 0; i < 7500; i++) { // 100 MB
          out.write(chunk);
        }
      } catch (IOException closedByClient) {
        // expected: the client stops at the bound
      }
    });
    long start = System.nanoTime();
    assertThatThrownBy(() -> new PublicKeyDiscovery(TIMEOUT, EnumSet.of(InsecureOptions.PUBKEY,
        InsecureOptions.HTTP)).discover(name("/example.com/app")))
        .hasMessageContaining("the discovery page is over 1024 KiB, refused");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aPrefixWithAVersionOrLabels_isNotAPrefix() {
    assertThatThrownBy(() -> new PublicKeyDiscovery(TIMEOUT, Set.of())
        .discover("example.com/app:1.0.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no version or labels");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
