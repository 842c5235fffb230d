package io.jaci.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker token server on 127.0.0.1 for a registry configured with {@code auth: token}:
 * checks Basic credentials and answers signed JWTs (RS256, the certificate in {@code x5c})
 * granting whatever repository scope is asked. The key and a self-signed certificate come
 * from the JDK's keytool; the certificate is the registry's trusted root.
 */
final class TokenServer implements AutoCloseable {
  static final String SERVICE = "jaci-test-registry";
  static final String ISSUER = "jaci-test-issuer";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final PrivateKey key;
  private final byte[] certificate;
  private final String user;
  private final String password;
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final List<String> scopesAsked = new ArrayList<>();

  private TokenServer(PrivateKey key, byte[] certificate, String user, String password)
      throws IOException {
    this.key = key;
    this.certificate = certificate;
    this.user = user;
    this.password = password;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", this::token);
    server.setExecutor(executor);
    server.start();
  }

  /** Makes a key pair with keytool in {@code dir} and starts serving tokens to user:password. */
  static TokenServer start(Path dir, String user, String password) throws Exception {
    Path store = dir.resolve("token.p12");
    ProcessRun.run(dir, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=jaci-test-token", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .assertSuccess();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    Certificate cert = ks.getCertificate("token");
    return new TokenServer((PrivateKey) ks.getKey("token", "changeit".toCharArray()),
        cert.getEncoded(), user, password);
  }

  /** Writes the certificate as the PEM bundle the registry trusts; returns its path. */
  Path writeRootBundle(Path file) throws IOException {
    String pem = "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(certificate)
        + "\n-----END CERTIFICATE-----\n";
    Files.writeString(file, pem);
    return file;
  }

  /** The registry's {@code auth:} configuration section for this server. */
  String registryAuthYaml(Path rootBundle) {
    return "auth:\n  token:\n    realm: http://127.0.0.1:" + server.getAddress().getPort()
        + "/token\n    service: " + SERVICE + "\n    issuer: " + ISSUER
        + "\n    rootcertbundle: " + rootBundle + "\n";
  }

  int tokensIssued() {
    return tokensIssued.get();
  }

  synchronized List<String> scopesAsked() {
    return List.copyOf(scopesAsked);
  }

  private void token(HttpExchange ex) throws IOException {
    try (ex) {
      String expected = "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + password).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.sendResponseHeaders(401, -1);
        return;
      }
      List<String> scopes = new ArrayList<>();
      String query = ex.getRequestURI().getRawQuery();
      for (String param : query == null ? new String[0] : query.split("&")) {
        if (param.startsWith("scope=")) {
          scopes.add(URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8));
        }
      }
      synchronized (this) {
        scopesAsked.addAll(scopes);
      }
      byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode()
          .put("token", jwt(scopes)).put("expires_in", 300));
      tokensIssued.incrementAndGet();
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private String jwt(List<String> scopes) throws Exception {
    ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256");
    header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate));
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", user)
        .put("aud", SERVICE).put("exp", now + 300).put("nbf", now - 10).put("iat", now)
        .put("jti", UUID.randomUUID().toString());
    ArrayNode access = claims.putArray("access");
    for (String scope : scopes) {
      String[] parts = scope.split(":"); // repository:NAME:ACTIONS
      ObjectNode grant = access.addObject().put("type", parts[0]).put("name", parts[1]);
      ArrayNode actions = grant.putArray("actions");
      for (String a : parts[2].split(",")) {
        actions.add(a);
      }
    }
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signed = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
        + b64.encodeToString(JSON.writeValueAsBytes(claims));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key);
    rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
    return signed + "." + b64.encodeToString(rsa.sign());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
