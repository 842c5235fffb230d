package io.jaci.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys over HTTP from a real local server: the scheme rule, the size bound, the timeouts. */
class KeyDownloadTest {
  HttpServer server;
  TestPgpKeys.Generated key = TestPgpKeys.key();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/key.asc", x -> {
      byte[] b = key.publicArmored();
      x.sendResponseHeaders(200, b.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(b);
      }
    });
    server.createContext("/huge.asc", x -> {
      x.sendResponseHeaders(200, 0);
      try (OutputStream out = x.getResponseBody()) {
        byte[] line = ("A".repeat(64) + "\n").getBytes();
        for (int i = 0; i < 200_000; i++) { // 13 MB, and it would go on
          out.write(line);
        }
      } catch (java.io.IOException closedByClient) {
        // the client stopped reading: expected
      }
    });
    server.createContext("/stall.asc", x -> {
      x.sendResponseHeaders(200, 0);
      try (OutputStream out = x.getResponseBody()) {
        out.write("-----BEGIN PGP".getBytes());
        out.flush();
        Thread.sleep(10_000);
      } catch (Exception e) {
        // closed by the client's timeout
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void plainHttp_isRefused_unlessAllowed() throws Exception {
    assertThatThrownBy(() -> new KeyDownload(Duration.ofSeconds(5), false).fetch(uri("/key.asc")))
        .hasMessageContaining("--insecure-options=pubkey,http");
    assertThat(new KeyDownload(Duration.ofSeconds(5), true).fetch(uri("/key.asc")))
        .singleElement().extracting(OpenPgpKey::fingerprint).isEqualTo(key.fingerprint());
  }

  @Test
  void aHugeBody_isCutAtTheBound() {
    assertThatThrownBy(() -> new KeyDownload(Duration.ofSeconds(10), true)
        .fetch(uri("/huge.asc"))).hasMessageContaining("over 4 MiB");
  }

  @Test
  void aStalledBody_timesOut() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> new KeyDownload(Duration.ofSeconds(1), true)
        .fetch(uri("/stall.asc"))).hasMessageContaining(uri("/stall.asc").toString());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void notFound_andOtherSchemes_areOneLine() {
    assertThatThrownBy(() -> new KeyDownload(Duration.ofSeconds(5), true).fetch(uri("/none")))
        .hasMessageEndingWith("HTTP 404");
    assertThatThrownBy(() -> new KeyDownload(Duration.ofSeconds(5), true)
        .fetch(URI.create("ftp://example.com/k"))).hasMessageContaining("only https://");
  }
}
