package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jaci trust add --prefix NAME} without a key file (issue 13): the keys found by meta
 * discovery on a real server on 127.0.0.1 (named after it, the port for the connection only),
 * shown with their fingerprint and trusted only with --yes (rkt#1880), plain HTTP only with
 * --insecure-options=pubkey,http; then a gpg signature by the discovered key verifies. Also
 * {@code jaci trust add URL}. Each test runs as root and as nobody (65534), each with a keystore
 * of its own.
 */
class TrustDiscoveryIT {
  @TempDir
  static Path shared;
  static Gpg gpg;
  static String fingerprint;
  static byte[] publicKey;

  @TempDir
  Path work;
  Undertow server;
  int port;
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
  void start() {
    // Undertow, not the JDK's server: it drops a TLS hello at once, where the JDK's waits for
    // a request line until the client's timeout (each HTTPS try asked first took 3 s)
    server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(x -> {
      String query = x.getQueryString();
      requested.add(x.getRequestPath() + (query.isEmpty() ? "" : "?" + query));
      byte[] body = files.get(x.getRequestPath());
      x.setStatusCode(body == null ? 404 : 200);
      x.getResponseSender().send(ByteBuffer.wrap(body == null ? new byte[0] : body));
    }).build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    files.put("/keys/signer.asc", publicKey);
    // a tag for a string prefix (appc/spec#592) comes first: it must not be used
    files.put("/example.com", ("<meta name=\"ac-discovery-pubkeys\" content=\"127.0.0.1/"
        + "example.com/apple http://127.0.0.1:" + port() + "/keys/other.asc\">\n"
        + "<meta name=\"ac-discovery-pubkeys\" content=\"127.0.0.1/example.com http://127.0.0.1:"
        + port() + "/keys/signer.asc\">\n").getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private int port() {
    return port;
  }

  /** The discovery options: a short timeout, as a try that hangs would wait that long. */
  private static final String TIMEOUT = "--timeout=3";

  private String prefixArg() {
    return "127.0.0.1:" + port() + "/example.com/app";
  }

  /** The user (a uid) the test runs jaci as: root or nobody. */
  String uid;

  private void runAs(String uid) {
    this.uid = uid;
    if (uid.equals(AsNobody.UID)) {
      AsNobody.requireRoot("TrustDiscoveryIT runs jaci as nobody, which needs root");
      ProcessRun.run(Path.of("/"), "chmod", "777", work.toString()).assertSuccess();
    }
  }

  private ProcessRun jaci(Object... args) {
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", work.resolve("config").toString());
    return uid.equals(AsNobody.UID) ? ProcessRun.run(work, env, AsNobody.jaci(args))
        : JaciJar.run(work, env, args);
  }

  private Path stored() {
    return work.resolve("config/jaci/trustedkeys/prefix.d/127.0.0.1/example.com/app/"
        + fingerprint);
  }

  @ParameterizedTest(name = "uid {0}")
  @ValueSource(strings = {"0", AsNobody.UID})
  @DisplayName("rkt#1880: a discovered key is shown, and not trusted without --yes or a terminal")
  void discoveredKeys_areShown_andNotTrustedSilently_rkt1880(String uid) {
    runAs(uid);
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

  @ParameterizedTest(name = "uid {0}")
  @ValueSource(strings = {"0", AsNobody.UID})
  void withYes_theDiscoveredKeyIsTrustedForThePrefix_andVerifiesAGpgSignature(String uid)
      throws IOException {
    runAs(uid);
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

  @ParameterizedTest(name = "uid {0}")
  @ValueSource(strings = {"0", AsNobody.UID})
  void plainHttp_needsPubkeyAndHttp(String uid) {
    runAs(uid);
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

  @ParameterizedTest(name = "uid {0}")
  @ValueSource(strings = {"0", AsNobody.UID})
  void aKeyByUrl_isTrusted_overHttpOnlyWithTheOption(String uid) throws IOException {
    runAs(uid);
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
