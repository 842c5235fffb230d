package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against an HTTP server on 127.0.0.1 that fails as mirrors sometimes do. */
class RepositoryTransportTest {
  private HttpServer server;
  private final AtomicInteger flakyCalls = new AtomicInteger();
  private final AtomicInteger brokenCalls = new AtomicInteger();
  private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      int status;
      switch (path) {
        case "/flaky":
          status = flakyCalls.incrementAndGet() == 1 ? 503 : 200;
          break;
        case "/broken":
          brokenCalls.incrementAndGet();
          status = 500;
          break;
        case "/gone":
          status = 404;
          break;
        case "/private":
          status = 403;
          break;
        case "/stalling":
          stall(exchange);
          return;
        default:
          status = 200;
      }
      byte[] body = (status == 200 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** Headers and one byte of a long body, then nothing: a mirror that stalls. */
  private void stall(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
    exchange.sendResponseHeaders(200, 1_000_000);
    OutputStream out = exchange.getResponseBody();
    out.write('x');
    out.flush();
    try {
      stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exchange.close();
  }

  @AfterEach
  void stop() {
    stopped.countDown();
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void aPassing5xxIsTriedAgain() throws Exception {
    try (InputStream in = new RepositoryTransport().open(uri("/flaky"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ok");
    }
    assertThat(flakyCalls.get()).isEqualTo(2);
  }

  /** Issue 10 item 6 (every network read has a timeout): a mirror that stalls mid-body. */
  @Test
  void item6_aStallingMirrorIsOneLineAfterTheReadTimeout() throws Exception {
    RepositoryTransport t = new RepositoryTransport(java.time.Duration.ofSeconds(1));
    long start = System.nanoTime();
    try (InputStream in = t.open(uri("/stalling"))) {
      assertThatThrownBy(in::readAllBytes)
          .hasMessageContaining("127.0.0.1:" + server.getAddress().getPort())
          .hasMessageContaining("no data for 1 s")
          .hasMessageContaining("/stalling");
    }
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(
        java.time.Duration.ofSeconds(10));
  }

  @Test
  void lastingFailuresAreOneLine() {
    RepositoryTransport t = new RepositoryTransport();
    assertThatThrownBy(() -> t.open(uri("/broken")))
        .hasMessage(uri("/broken") + ": HTTP 500 (3 attempts)");
    assertThat(brokenCalls.get()).isEqualTo(3);
    assertThatThrownBy(() -> t.open(uri("/gone")))
        .isInstanceOf(RepositoryTransport.NotFoundException.class)
        .hasMessage(uri("/gone") + ": not found (HTTP 404)");
    assertThatThrownBy(() -> t.open(uri("/private"))).hasMessage(uri("/private") + ": HTTP 403");
    assertThatThrownBy(() -> t.open(URI.create("ftp://example.invalid/x")))
        .hasMessageContaining("unsupported repository URL");
  }
}
