package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jaci trust add --prefix NAME} without a key file (issue 13): the keys found by meta
 * discovery on a real server on 127.0.0.1 (named after it, the port for the connection only),
 * shown with their fingerprint and trusted only with --yes (rkt#1880), plain HTTP only with
 * --insecure-options=pubkey,http; then a gpg signature by the discovered key verifies. Also
 * {@code jaci trust add URL}.
 */
class TrustDiscoveryIT {
  @TempDir
  static Path shared;
  static Gpg gpg;
  static String fingerprint;
  static byte[] publicKey;

  @TempDir
  Path work;
  HttpServer server;
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final List<String> requested = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void key() throws IOException {
    gpg = new Gpg(shared.resolve("gnupg"));
    fingerprint = gpg.generate("Discovered Signer <found@example.com>", "ed25519", "sign", "2y",
        "", null).get(0);
    Path out = shared.resolve("key.asc");
    gpg.ok(shared, "--armor", "--output", out.toString(), "--export", fingerprint);
    publicKey = Files.readAllBytes(out);
  }

  @AfterAll
  static void stopAgent() {
    if (gpg != null) {
      gpg.close();
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", x -> {
      requested.add(x.getRequestURI().toString());
      byte[] body = files.get(x.getRequestURI().getPath());
      x.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      try (OutputStream out = x.getResponseBody()) {
        if (body != null) {
          out.write(body);
        }
      }
    });
    server.start();
    files.put("/keys/signer.asc", publicKey);
    // a tag for a string prefix (appc/spec#592) comes first: it must not be used
    files.put("/example.com", ("<meta name=\"ac-discovery-pubkeys\" content=\"127.0.0.1/"
        + "example.com/apple http://127.0.0.1:" + port() + "/keys/other.asc\">\n"
        + "<meta name=\"ac-discovery-pubkeys\" content=\"127.0.0.1/example.com http://127.0.0.1:"
        + port() + "/keys/signer.asc\">\n").getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  /**
   * The discovery options: HTTPS is asked first, and the JDK's test server waits for a request
   * line that a TLS hello never sends, so each HTTPS try here lasts the whole timeout.
   */
  private static final String TIMEOUT = "--timeout=3";

  private String prefixArg() {
    return "127.0.0.1:" + port() + "/example.com/app";
  }

  private ProcessRun jaci(Object... args) {
    return JaciJar.run(work, Map.of("XDG_CONFIG_HOME", work.resolve("config").toString()), args);
  }

  private Path stored() {
    return work.resolve("config/jaci/trustedkeys/prefix.d/127.0.0.1/example.com/app/"
        + fingerprint);
  }

  @Test
  @DisplayName("rkt#1880: a discovered key is shown, and not trusted without --yes or a terminal")
  void discoveredKeys_areShown_andNotTrustedSilently_rkt1880() {
    ProcessRun r = jaci("trust", "add", TIMEOUT, "--prefix", prefixArg(),
        "--insecure-options=pubkey,http");
    assertThat(r.exit()).as(r.describe()).isEqualTo(1);
    assertThat(r.stderr()).contains("http://127.0.0.1:" + port() + "/keys/signer.asc")
        .contains(Gpg.pretty(fingerprint)).contains("Discovered Signer <found@example.com>");
    List<String> lines = r.stderr().lines().toList();
    assertThat(lines.get(lines.size() - 1)).startsWith("jaci: not trusting key " + fingerprint)
        .contains("--yes");
    assertThat(work.resolve("config/jaci/trustedkeys")).doesNotExist();
    assertThat(requested).noneMatch(q -> q.contains("other.asc"));
  }

  @Test
  void withYes_theDiscoveredKeyIsTrustedForThePrefix_andVerifiesAGpgSignature()
      throws IOException {
    ProcessRun r = jaci("trust", "add", TIMEOUT, "--yes", "--prefix", prefixArg(),
        "--insecure-options=pubkey,http").assertSuccess();
    assertThat(r.out()).contains("trusted key " + fingerprint
        + " for prefix 127.0.0.1/example.com/app");
    assertThat(Files.readString(stored())).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK");
    // walked up: the name's own page first (404), then one segment up
    assertThat(requested).containsSubsequence("/example.com/app?ac-discovery=1",
        "/example.com?ac-discovery=1", "/keys/signer.asc");

    Path aci = work.resolve("app.aci");
    new TestAci(1_600_000_000L).dir("rootfs", 0755).file("rootfs/hello", 0644, 0, 0, "hi\n")
        .write(aci, "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
            + "\"name\":\"127.0.0.1/example.com/app\"}");
    gpg.ok(work, "--local-user", fingerprint, "--armor", "--detach-sign", aci.toString());
    assertThat(jaci("verify", aci).assertSuccess().out())
        .contains("Discovered Signer").contains("trusted for prefix 127.0.0.1/example.com/app");
  }

  @Test
  void plainHttp_needsPubkeyAndHttp() {
    ProcessRun none = jaci("trust", "add", TIMEOUT, "--yes", "--prefix", prefixArg());
    assertThat(none.exit()).as(none.describe()).isEqualTo(1);
    assertThat(none.stderr().lines().toList()).singleElement().asString()
        .contains("no public keys found by discovery for " + prefixArg())
        .contains("https://" + prefixArg() + "?ac-discovery=1")
        .contains("--insecure-options=pubkey,http");
    ProcessRun half = jaci("trust", "add", "--yes", "--prefix", prefixArg(),
        "--insecure-options=http");
    assertThat(half.exit()).as(half.describe()).isEqualTo(2);
    assertThat(half.stderr()).contains("--insecure-options=pubkey,http");
    assertThat(requested).isEmpty();
    assertThat(work.resolve("config/jaci/trustedkeys")).doesNotExist();
  }

  @Test
  void aKeyByUrl_isTrusted_overHttpOnlyWithTheOption() throws IOException {
    String url = "http://127.0.0.1:" + port() + "/keys/signer.asc";
    ProcessRun refused = jaci("trust", "add", "--yes", "--prefix", "127.0.0.1/example.com/app",
        url);
    assertThat(refused.exit()).as(refused.describe()).isEqualTo(1);
    assertThat(refused.stderr().lines().toList()).singleElement().asString()
        .contains(url).contains("--insecure-options=pubkey,http");
    jaci("trust", "add", "--yes", "--prefix", "127.0.0.1/example.com/app",
        "--insecure-options=pubkey,http", url).assertSuccess();
    assertThat(Files.readString(stored())).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK");
  }
}
