package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, the server: {@code jaci serve} checked with the reference actool, raw HTTP and
 * {@code jaci push}, including the hostile cases (credentials, bad uploads, traversal, size,
 * slow clients). An appc name holds no port, so the images are named after the server's host.
 */
class ServeIT {
  static final String NAME = "127.0.0.1/example.com/app";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir
  Path tmp;

  Path store;
  Path v2;
  Path v3;

  @BeforeEach
  void images() throws IOException {
    store = tmp.resolve("store");
    v2 = ServedImages.aci(tmp.resolve("app-2.aci"),
        ServedImages.manifest(NAME, "2.0.0", "", ""), 3000, 2);
    v3 = ServedImages.aci(tmp.resolve("app-3.aci"),
        ServedImages.manifest(NAME, "3.0.0", "", ""), 3000, 3);
  }

  private void importImages(Path... acis) {
    for (Path aci : acis) {
      JaciJar.run(tmp, "--store", store, "image", "import", aci).assertSuccess();
    }
  }

  static HttpResponse<byte[]> get(String url, String... headers) throws IOException {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      r.headers(headers);
    }
    try {
      return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Test
  void actoolDiscover_findsTheImagesJaciServes_latestIsTheHighestVersion() throws Exception {
    String actool = ExternalTool.require("actool").toString();
    importImages(v3, v2);
    int port = ServedImages.freePort();
    try (ServedImages.Server server = ServedImages.Server.start(tmp, store, port)) {
      ProcessRun latest = ProcessRun.run(tmp, actool, "discover", "--insecure", "--port",
          String.valueOf(port), NAME);
      assertThat(latest.exit()).as(latest.describe()).isZero();
      String aciUrl = server.url("/images/" + NAME + "/latest-linux-amd64.aci");
      assertThat(latest.out()).contains("ACI: " + aciUrl)
          .contains("PublicKeys: " + server.url("/pubkeys.gpg"));
      assertThat(tar(get(aciUrl).body())).isEqualTo(tar(Files.readAllBytes(v3)));

      ProcessRun pinned = ProcessRun.run(tmp, actool, "discover", "--insecure", "--port",
          String.valueOf(port), NAME + ":2.0.0");
      assertThat(pinned.out()).contains("ACI: " + server.url("/images/" + NAME
          + "/2.0.0-linux-amd64.aci"));
      assertThat(tar(get(server.url("/images/" + NAME + "/2.0.0-linux-amd64.aci")).body()))
          .isEqualTo(tar(Files.readAllBytes(v2)));
      // a name this server has nothing under
      assertThat(get(server.url("/example.com/other?ac-discovery=1")).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void downloads_haveEtagRangeAndCacheControl() throws Exception {
    importImages(v2);
    int port = ServedImages.freePort();
    try (ServedImages.Server server = ServedImages.Server.start(tmp, store, port)) {
      String url = server.url("/images/" + NAME + "/2.0.0-linux-amd64.aci");
      HttpResponse<byte[]> full = get(url);
      assertThat(full.statusCode()).isEqualTo(200);
      String etag = full.headers().firstValue("ETag").orElseThrow();
      assertThat(full.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=");
      assertThat(get(url, "If-None-Match", etag).statusCode()).isEqualTo(304);
      HttpResponse<byte[]> part = get(url, "Range", "bytes=100-199");
      assertThat(part.statusCode()).isEqualTo(206);
      assertThat(part.body()).containsExactly(Arrays.copyOfRange(full.body(), 100, 200));
      HttpResponse<byte[]> tail = get(url, "Range", "bytes=-10");
      assertThat(tail.body()).containsExactly(Arrays.copyOfRange(full.body(),
          full.body().length - 10, full.body().length));
      assertThat(get(url, "Range", "bytes=999999-").statusCode()).isEqualTo(416);
      // the manifest link of the web page
      String id = JaciJar.run(tmp, "--store", store, "image", "import", v2).assertSuccess()
          .out().trim();
      JsonNode manifest = JSON.readTree(get(server.url("/images/by-id/" + id
          + ".manifest.json")).body());
      assertThat(manifest.path("name").asText()).isEqualTo(NAME);
      assertThat(sha256(get(server.url("/images/by-id/" + id + ".aci")).body()))
          .isEqualTo(sha256(full.body()));
      // no signature stored: none served
      assertThat(get(url + ".asc").statusCode()).isEqualTo(404);
    }
  }

  private Path users() throws IOException {
    Path users = tmp.resolve("users");
    String htpasswd = ExternalTool.require("htpasswd").toString();
    ProcessRun.run(tmp, htpasswd, "-bcB", users.toString(), "alice", "secret").assertSuccess();
    ProcessRun.run(tmp, htpasswd, "-bs", users.toString(), "bob", "builder").assertSuccess();
    return users;
  }

  private ProcessRun push(Path aci, int port, Map<String, String> env, String... options) {
    Object[] args = Stream.concat(Stream.of("push", aci, "127.0.0.1:" + port
        + "/example.com/app", "--insecure", "--timeout", "20"), Stream.of(options)).toArray();
    return JaciJar.run(tmp, env, args);
  }

  @Test
  void push_roundTrip_401WithoutCredentials_thenServedWithItsSignature() throws Exception {
    importImages(v2);
    Path signature = Files.writeString(tmp.resolve("app-3.aci.asc"), GpgSignature.of(tmp, v3));
    int port = ServedImages.freePort();
    try (ServedImages.Server server = ServedImages.Server.start(tmp, store, port,
        "--users", users().toString())) {
      ProcessRun anonymous = push(v3, port, Map.of());
      assertThat(anonymous.exit()).isEqualTo(1);
      assertThat(anonymous.stderr()).contains("HTTP 401").hasLineCount(1);
      ProcessRun wrong = push(v3, port, Map.of("JACI_PASSWORD", "wrong"), "--user", "alice");
      assertThat(wrong.exit()).isEqualTo(1);
      assertThat(wrong.stderr()).contains("401");
      String latest = server.url("/images/" + NAME + "/latest-linux-amd64.aci");
      assertThat(tar(get(latest).body())).isEqualTo(tar(Files.readAllBytes(v2)));

      push(v3, port, Map.of("JACI_PASSWORD", "secret"), "--user", "alice").assertSuccess();
      // a pushed image is served as pushed: its signature covers those bytes
      assertThat(sha256(get(latest).body())).isEqualTo(sha256(Files.readAllBytes(v3)));
      assertThat(get(latest + ".asc").body()).isEqualTo(Files.readAllBytes(signature));
      assertThat(server.log()).contains("pushed by alice");
      // the SHA-1 user of the same file, and credentials from auth.d
      Path config = tmp.resolve("config");
      Files.createDirectories(config.resolve("jaci/auth.d"));
      Files.writeString(config.resolve("jaci/auth.d/test.json"), "{\"rktKind\":\"auth\","
          + "\"rktVersion\":\"v1\",\"domains\":[\"127.0.0.1\"],\"type\":\"basic\","
          + "\"credentials\":{\"user\":\"bob\",\"password\":\"builder\"}}");
      push(v2, port, Map.of("XDG_CONFIG_HOME", config.toString())).assertSuccess();
      assertThat(server.log()).contains("pushed by bob");
    }
  }

  @Test
  void requireSignatures_takesOnlyImagesSignedByATrustedKey() throws Exception {
    importImages(v2);
    Path config = tmp.resolve("config");
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", config.toString());
    String trustedSignature = GpgSignature.of(tmp, "trusted", v3);
    String strangerSignature = GpgSignature.of(tmp, "stranger", v3);
    JaciJar.run(tmp, env, "trust", "add", "--prefix", "127.0.0.1/example.com", "--yes",
        GpgSignature.publicKey(tmp, "trusted")).assertSuccess();
    Path users = users();
    int port = ServedImages.freePort();
    List<Object> args = new ArrayList<>(List.of("--store", store, "serve", "--addr",
        "127.0.0.1:" + port, "--users", users, "--require-signatures"));
    try (ServedImages.Server server = ServedImages.Server.start(tmp, env, port, args)) {
      Map<String, String> alice = Map.of("JACI_PASSWORD", "secret");
      Path copy = Files.copy(v3, tmp.resolve("copy.aci"));
      ProcessRun unsigned = push(copy, port, alice, "--user", "alice");
      assertThat(unsigned.exit()).isEqualTo(1);
      assertThat(unsigned.stderr()).contains("signed images only").hasLineCount(1);
      Path strangers = Files.writeString(tmp.resolve("stranger.asc"), strangerSignature);
      ProcessRun stranger = push(copy, port, alice, "--user", "alice", "--signature",
          strangers.toString());
      assertThat(stranger.exit()).isEqualTo(1);
      assertThat(stranger.stderr()).hasLineCount(1);
      String v3url = server.url("/images/" + NAME + "/3.0.0-linux-amd64.aci");
      assertThat(get(v3url).statusCode()).isEqualTo(404);
      Path trusted = Files.writeString(tmp.resolve("trusted.asc"), trustedSignature);
      push(copy, port, alice, "--user", "alice", "--signature", trusted.toString())
          .assertSuccess();
      assertThat(sha256(get(v3url).body())).isEqualTo(sha256(Files.readAllBytes(v3)));
      assertThat(server.log()).contains("trusted for prefix 127.0.0.1/example.com");
    }
  }

  @Test
  void asNobody_servesRootsStoreReadOnly_andRefusesPushesInOneLine() throws Exception {
    AsNobody.requireRoot("serving root's store as nobody needs root to make it");
    importImages(v2);
    ProcessRun.run(tmp, "chmod", "755", tmp.toString()).assertSuccess();
    int port = ServedImages.freePort();
    try (ServedImages.Server server = ServedImages.Server.startCommand(tmp, Map.of(), port,
        AsNobody.jaci("--store", store, "serve", "--addr", "127.0.0.1:" + port))) {
      HttpResponse<byte[]> latest = get(server.url("/images/" + NAME + "/latest-linux-amd64.aci"));
      assertThat(latest.statusCode()).isEqualTo(200);
      // nothing can be kept in a store nobody may write: the tar itself is the .aci
      assertThat(tar(latest.body())).isEqualTo(tar(Files.readAllBytes(v2)));
      assertThat(get(server.url("/")).statusCode()).isEqualTo(200);
    }
    Path users = users();
    ProcessRun.run(tmp, "chmod", "644", users.toString()).assertSuccess();
    ProcessRun pushes = ProcessRun.run(tmp, Map.of(), AsNobody.jaci("--store", store, "serve",
        "--addr", "127.0.0.1:" + ServedImages.freePort(), "--users", users));
    assertThat(pushes.exit()).isEqualTo(1);
    assertThat(pushes.stderr()).contains("read-only").hasLineCount(1);
  }

  @Test
  void tls_servesHttp2WithAPemCertificate() throws Exception {
    String openssl = ExternalTool.require("openssl").toString();
    String curl = ExternalTool.require("curl").toString();
    importImages(v2);
    Path key = tmp.resolve("key.pem");
    Path cert = tmp.resolve("cert.pem");
    ProcessRun.run(tmp, openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
        .assertSuccess();
    int port = ServedImages.freePort();
    try (ServedImages.Server server = ServedImages.Server.start(tmp, store, port,
        "--tls-cert", cert.toString(), "--tls-key", key.toString())) {
      ProcessRun page = ProcessRun.run(tmp, curl, "-sS", "--http2", "--cacert", cert.toString(),
          "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
          "https://127.0.0.1:" + port + "/images/" + NAME + "/2.0.0-linux-amd64.aci");
      assertThat(page.out()).as(page.describe()).isEqualTo("2 200");
    }
  }

  @Test
  void push_refusesBadUploads_andServesNothingPartial() throws Exception {
    importImages(v2);
    int port = ServedImages.freePort();
    Path big = ServedImages.aci(tmp.resolve("big.aci"),
        ServedImages.manifest(NAME, "9.0.0", "", ""), 300_000, 9);
    try (ServedImages.Server server = ServedImages.Server.start(tmp, store, port,
        "--users", users().toString(), "--max-upload", "200000")) {
      Map<String, String> alice = Map.of("JACI_PASSWORD", "secret");
      // a truncated image: refused, in one line, and nothing of it served
      byte[] v3bytes = Files.readAllBytes(v3);
      Path truncated = Files.write(tmp.resolve("truncated.aci"),
          Arrays.copyOf(v3bytes, v3bytes.length - 100));
      ProcessRun bad = push(truncated, port, alice, "--user", "alice");
      assertThat(bad.exit()).as(bad.describe()).isEqualTo(1);
      assertThat(bad.stderr()).hasLineCount(1);
      assertThat(get(server.url("/images/" + NAME + "/3.0.0-linux-amd64.aci")).statusCode())
          .isEqualTo(404);
      // over --max-upload: refused before it is stored
      ProcessRun huge = push(big, port, alice, "--user", "alice");
      assertThat(huge.exit()).isEqualTo(1);
      assertThat(get(server.url("/images/" + NAME + "/9.0.0-linux-amd64.aci")).statusCode())
          .isEqualTo(404);

      // the protocol by hand: the image is not served until the upload completes
      String auth = "Basic " + Base64.getEncoder().encodeToString(
          "alice:secret".getBytes(StandardCharsets.UTF_8));
      JsonNode urls = JSON.readTree(send("POST", server.url("/" + NAME + "/startupload"), auth,
          new byte[0]).body());
      byte[] manifest = ServedImages.manifest(NAME, "3.0.0", "", "")
          .getBytes(StandardCharsets.UTF_8);
      assertThat(send("PUT", urls.path("upload_manifest_url").asText(), auth, manifest)
          .statusCode()).isEqualTo(200);
      assertThat(send("PUT", urls.path("upload_aci_url").asText(), auth, v3bytes).statusCode())
          .isEqualTo(200);
      String v3url = server.url("/images/" + NAME + "/3.0.0-linux-amd64.aci");
      assertThat(get(v3url).statusCode()).isEqualTo(404);
      assertThat(tar(get(server.url("/images/" + NAME + "/latest-linux-amd64.aci")).body()))
          .isEqualTo(tar(Files.readAllBytes(v2)));
      // another user cannot touch alice's upload
      String bob = "Basic " + Base64.getEncoder().encodeToString(
          "bob:builder".getBytes(StandardCharsets.UTF_8));
      assertThat(send("POST", urls.path("completed_url").asText(), bob,
          "{\"success\":true}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
      HttpResponse<byte[]> done = send("POST", urls.path("completed_url").asText(), auth,
          "{\"success\":true}".getBytes(StandardCharsets.UTF_8));
      assertThat(JSON.readTree(done.body()).path("success").asBoolean()).as(
          new String(done.body(), StandardCharsets.UTF_8)).isTrue();
      assertThat(sha256(get(v3url).body())).isEqualTo(sha256(v3bytes));

      // an image pushed under another name
      JsonNode other = JSON.readTree(send("POST", server.url("/127.0.0.1/example.com/other"
          + "/startupload"), auth, new byte[0]).body());
      send("PUT", other.path("upload_manifest_url").asText(), auth, manifest);
      send("PUT", other.path("upload_aci_url").asText(), auth, v3bytes);
      HttpResponse<byte[]> refused = send("POST", other.path("completed_url").asText(), auth,
          "{\"success\":true}".getBytes(StandardCharsets.UTF_8));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(new String(refused.body(), StandardCharsets.UTF_8))
          .contains("named " + NAME + ", not 127.0.0.1/example.com/other");
      // names that are not AC identifiers, and upload IDs that are not IDs
      assertThat(send("POST", server.url("/Example..com/startupload"), auth, new byte[0])
          .statusCode()).isEqualTo(400);
      assertThat(send("PUT", server.url("/uploads/0123/aci"), auth, v3bytes).statusCode())
          .isEqualTo(404);
      try (Stream<Path> left = Files.list(store.resolve("uploads"))) {
        assertThat(left).isEmpty();
      }
    }
  }

  private static HttpResponse<byte[]> send(String method, String url, String auth, byte[] body)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", auth)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void hostileRequests_traversalIsNotFound_slowClientsAreDropped() throws Exception {
    importImages(v2);
    int port = ServedImages.freePort();
    try (ServedImages.Server server = ServedImages.Server.start(tmp, store, port,
        "--idle-timeout", "2")) {
      for (String path : new String[] {"/images/../index.db", "/images/%2e%2e/%2e%2e/etc/passwd",
          "/images/by-id/../../index.db", "/../../../etc/passwd", "/images/" + NAME
              + "/..%2f..%2findex.db-linux-amd64.aci", "/..%2f..%2fetc%2fpasswd?ac-discovery=1"}) {
        String answer = raw(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Connection: close\r\n\r\n");
        assertThat(answer).as(path).startsWith("HTTP/1.1 404").doesNotContain("root:x:0");
      }
      // uploads need users: this server takes none
      String upload = raw(port, "POST /127.0.0.1/example.com/app/startupload HTTP/1.1\r\n"
          + "Host: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      assertThat(upload).startsWith("HTTP/1.1 403");
      // a client that sends half a request and waits is dropped after the idle timeout
      long start = System.nanoTime();
      try (Socket slow = new Socket("127.0.0.1", port)) {
        slow.setSoTimeout(20_000);
        slow.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127".getBytes(
            StandardCharsets.US_ASCII));
        InputStream in = slow.getInputStream();
        while (in.read() >= 0) {
          // whatever it answers, the connection must end
        }
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
      // and the server still serves others
      assertThat(get(server.url("/")).statusCode()).isEqualTo(200);
    }
  }

  /** The SHA-256 of {@code bytes}, in hex: compared instead of the bytes (short messages). */
  static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The SHA-256 of the tar inside an ACI: the same image whatever its compression. */
  static String tar(byte[] aci) throws IOException {
    try (InputStream in = io.jaci.core.io.Compression.decompressing(
        new java.io.ByteArrayInputStream(aci))) {
      return sha256(in.readAllBytes());
    }
  }

  /** Sends {@code request} as it is (no client normalizes its path) and reads the answer. */
  static String raw(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
