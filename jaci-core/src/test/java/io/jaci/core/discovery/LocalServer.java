package io.jaci.core.discovery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP (or HTTPS, self-signed) server on 127.0.0.1 for discovery and fetch tests; the
 * plain-HTTP one refuses a TLS ClientHello at once, as real servers do ({@link
 * TlsRefusingFront}).
 */
final class LocalServer implements AutoCloseable {
  private final HttpServer server;
  private final TlsRefusingFront front;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  private LocalServer(HttpServer server, boolean silentToTls) throws IOException {
    this.server = server;
    server.setExecutor(pool);
    server.start();
    this.front = server instanceof HttpsServer ? null
        : new TlsRefusingFront(server.getAddress().getPort(), silentToTls);
  }

  static LocalServer http() throws IOException {
    return new LocalServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), false);
  }

  /** A plain-HTTP server that never answers a TLS ClientHello, and counts them. */
  static LocalServer httpSilentToTls() throws IOException {
    return new LocalServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), true);
  }

  /** How many TLS ClientHellos the plain-HTTP server was sent. */
  int tlsHellos() {
    return front.hellos();
  }

  /** An HTTPS server with a fresh self-signed certificate made by the JDK's keytool. */
  static LocalServer https(Path dir) throws Exception {
    Path ks = dir.resolve("server.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString(), "-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "secret",
        "-keypass", "secret").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed");
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "secret".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "secret".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(ctx));
    return new LocalServer(s, false);
  }

  /**
   * A TLS context that trusts the certificate {@link #https} made in {@code dir} (and no
   * other): the real certificate check, with the test server as the only authority.
   */
  static SSLContext trusting(Path dir) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
      store.load(in, "secret".toCharArray());
    }
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    anchors.setCertificateEntry("server", store.getCertificate("s"));
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(anchors);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  int port() {
    return front != null ? front.port() : server.getAddress().getPort();
  }

  String base() {
    return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
  }

  void on(String path, HttpHandler h) {
    server.createContext(path, h);
  }

  /** Answers {@code path} with {@code status} and {@code body}. */
  void text(String path, int status, String body) {
    on(path, x -> send(x, x.getRequestURI().getPath().equals(path) ? status : 404,
        x.getRequestURI().getPath().equals(path) ? body.getBytes(StandardCharsets.UTF_8)
            : new byte[0]));
  }

  static void send(HttpExchange x, int status, byte[] body) throws IOException {
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  static void redirect(HttpExchange x, String location) throws IOException {
    x.getResponseHeaders().set("Location", location);
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  @Override
  public void close() {
    if (front != null) {
      front.close();
    }
    server.stop(0);
    pool.shutdownNow();
  }
}
