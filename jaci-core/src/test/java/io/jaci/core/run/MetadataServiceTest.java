package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.spec.AcName;
import io.jaci.core.spec.Annotations;
import io.jaci.core.spec.ImageId;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, "Pods": the metadata service at AC_METADATA_URL, and hostile clients of it. */
class MetadataServiceTest {
  private static final UUID POD = UUID.fromString("6733c8f1-2c3f-4b3a-9a1e-0f3f0c9a4b21");
  private static final String ID = "sha512-" + "ab".repeat(64);
  private static final String WEB_MANIFEST =
      "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"example.com/web\","
          + "\"labels\":[{\"name\":\"os\",\"value\":\"linux\"}],"
          + "\"app\":{\"exec\":[\"/web\"],\"user\":\"0\",\"group\":\"0\"},"
          + "\"annotations\":[{\"name\":\"lorem\",\"value\":\"ipsum\"},"
          + "{\"name\":\"owner\",\"value\":\"image\"}]}";

  private MetadataService service;
  private String base;

  @BeforeEach
  void start() throws Exception {
    PodMetadata pod =
        new PodMetadata(
            POD,
            Annotations.empty().with("ip-address", "10.1.2.3"),
            List.of(
                new AppMetadata(
                    AcName.parse("web"),
                    WEB_MANIFEST,
                    Optional.of(ImageId.parse(ID)),
                    Annotations.empty().with("owner", "pod").with("extra", "x"))));
    service = MetadataService.start(pod, PodHmacKey.generate());
    base = URI.create(service.url()).getPath() + "/acMetadata/v1";
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void url_hasTheLoopbackAddressPortAndAnUnguessableToken() {
    assertThat(service.url())
        .matches("http://127\\.0\\.0\\.1:" + service.port() + "/[A-Za-z0-9_-]{32}");
    assertThat(service.url("10.0.2.2")).startsWith("http://10.0.2.2:" + service.port() + "/");
  }

  @Test
  void podUuid_isTextInCanonicalForm() throws Exception {
    Answer a = get(base + "/pod/uuid");
    assertThat(a.status).isEqualTo(200);
    assertThat(a.header("content-type")).isEqualTo("text/plain; charset=us-ascii");
    assertThat(a.body).isEqualTo("6733c8f1-2c3f-4b3a-9a1e-0f3f0c9a4b21");
  }

  @Test
  void podAnnotations_areTheAnnotationsJsonArray() throws Exception {
    Answer a = get(base + "/pod/annotations");
    assertThat(a.header("content-type")).isEqualTo("application/json");
    assertThat(a.body).isEqualTo("[{\"name\":\"ip-address\",\"value\":\"10.1.2.3\"}]");
  }

  @Test
  void podManifest_listsTheAppsWithImageIdAndTheAppSection() throws Exception {
    Answer a = get(base + "/pod/manifest");
    assertThat(a.status).isEqualTo(200);
    assertThat(a.body)
        .startsWith("{\"acVersion\":\"0.8.11\",\"acKind\":\"PodManifest\",\"apps\":[{\"name\":\"web\","
            + "\"image\":{\"name\":\"example.com/web\",\"id\":\"" + ID + "\","
            + "\"labels\":[{\"name\":\"os\",\"value\":\"linux\"}]},"
            + "\"app\":{\"exec\":[\"/web\"],\"user\":\"0\",\"group\":\"0\"},")
        .endsWith("\"annotations\":[{\"name\":\"ip-address\",\"value\":\"10.1.2.3\"}],\"ports\":[]}");
  }

  @Test
  void appImageManifest_isTheStoredManifestVerbatim() throws Exception {
    Answer a = get(base + "/apps/web/image/manifest");
    assertThat(a.header("content-type")).isEqualTo("application/json");
    assertThat(a.body).isEqualTo(WEB_MANIFEST);
  }

  @Test
  void appImageId_isText() throws Exception {
    Answer a = get(base + "/apps/web/image/id");
    assertThat(a.header("content-type")).isEqualTo("text/plain; charset=us-ascii");
    assertThat(a.body).isEqualTo(ID);
  }

  @Test
  @DisplayName("app annotations: the pod's replace the image's in place, new ones are appended")
  void appAnnotations_mergePodOverImage() throws Exception {
    assertThat(get(base + "/apps/web/annotations").body)
        .isEqualTo("[{\"name\":\"lorem\",\"value\":\"ipsum\"},{\"name\":\"owner\",\"value\":\"pod\"},"
            + "{\"name\":\"extra\",\"value\":\"x\"}]");
  }

  @Test
  void hmac_signThenVerifyWithThePodUuidIsOk_andATamperedOneIsForbidden() throws Exception {
    Answer sig = postForm(base + "/pod/hmac/sign", "content", "Old MacDonald Had A Farm");
    assertThat(sig.status).isEqualTo(200);
    assertThat(sig.header("content-type")).isEqualTo("text/plain; charset=us-ascii");
    assertThat(sig.body).matches("[A-Za-z0-9+/]{86}==");

    assertThat(postForm(base + "/pod/hmac/verify",
            "content", "Old MacDonald Had A Farm", "uuid", POD.toString(), "signature", sig.body)
        .status).isEqualTo(200);
    assertThat(postForm(base + "/pod/hmac/verify",
            "content", "Old MacDonald Had A Cow", "uuid", POD.toString(), "signature", sig.body)
        .status).isEqualTo(403);
    assertThat(postForm(base + "/pod/hmac/verify",
            "content", "Old MacDonald Had A Farm", "uuid", UUID.randomUUID().toString(),
            "signature", sig.body)
        .status).isEqualTo(403);
    assertThat(postForm(base + "/pod/hmac/verify",
            "content", "x", "uuid", POD.toString(), "signature", "%%not base64")
        .status).isEqualTo(403);
  }

  @Test
  void hmac_anotherPodsKeySignsDifferently() throws Exception {
    String ours = postForm(base + "/pod/hmac/sign", "content", "same").body;
    assertThat(PodHmacKey.generate().sign("same")).isNotEqualTo(ours);
  }

  @Test
  void hmac_missingFieldsAreBadRequests_andOtherBodyTypesUnsupported() throws Exception {
    assertThat(postForm(base + "/pod/hmac/sign", "other", "x").status).isEqualTo(400);
    assertThat(postForm(base + "/pod/hmac/verify", "content", "x").status).isEqualTo(400);
    assertThat(postForm(base + "/pod/hmac/verify",
            "content", "x", "uuid", "not-a-uuid", "signature", "x").status).isEqualTo(400);
    assertThat(raw(post(base + "/pod/hmac/sign", "text/plain", "content=x")).status)
        .isEqualTo(415);
    assertThat(raw(post(base + "/pod/hmac/sign", "application/x-www-form-urlencoded",
            "content=%zz")).status).isEqualTo(400);
  }

  @Test
  @DisplayName("hostile: without the token, on unknown paths and for unknown apps: 404")
  void badPaths_areNotFound() throws Exception {
    String wrongToken = "/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/acMetadata/v1/pod/uuid";
    assertThat(get(wrongToken).status).isEqualTo(404);
    assertThat(get("/acMetadata/v1/pod/uuid").status).isEqualTo(404);
    assertThat(get("/").status).isEqualTo(404);
    assertThat(get(base + "/pod").status).isEqualTo(404);
    assertThat(get(base + "/pod/uuid/").status).isEqualTo(404);
    assertThat(get(base + "/apps/web").status).isEqualTo(404);
    assertThat(get(base + "/apps/web/image/../annotations").status).isEqualTo(404);
    assertThat(get(base + "/apps//image/id").status).isEqualTo(404);
    Answer unknown = get(base + "/apps/db/image/id");
    assertThat(unknown.status).isEqualTo(404);
    assertThat(unknown.body).contains("no app named \"db\"");
    assertThat(get(base + "/apps/\u00ff\u0001x/image/id").body).contains("\"??x\"");
  }

  @Test
  @DisplayName("hostile: wrong methods get 405 with Allow")
  void wrongMethods_areNotAllowed() throws Exception {
    Answer post = postForm(base + "/pod/uuid", "content", "x");
    assertThat(post.status).isEqualTo(405);
    assertThat(post.header("allow")).isEqualTo("GET");
    Answer getSign = get(base + "/pod/hmac/sign");
    assertThat(getSign.status).isEqualTo(405);
    assertThat(getSign.header("allow")).isEqualTo("POST");
    assertThat(raw("DELETE " + base + "/apps/web/image/id HTTP/1.1\r\n\r\n").status)
        .isEqualTo(405);
  }

  @Test
  @DisplayName("hostile: a huge body is refused from its Content-Length without reading it")
  void oversizedBody_isRefusedWith413() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write(("POST " + base + "/pod/hmac/sign HTTP/1.1\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: 10000000000\r\n\r\ncontent=").getBytes(StandardCharsets.US_ASCII));
      assertThat(parse(s.getInputStream()).status).isEqualTo(413);
    }
  }

  @Test
  @DisplayName("hostile: endless headers, chunked bodies, garbage and truncated requests")
  void malformedRequests_getClientErrors() throws Exception {
    assertThat(raw("GET " + base + "/pod/uuid HTTP/1.1\r\n" + "X: y\r\n".repeat(2000) + "\r\n")
        .status).isEqualTo(431);
    assertThat(raw("POST " + base + "/pod/hmac/sign HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        .status).isEqualTo(501);
    assertThat(raw("\u0000\u0001garbage\r\n\r\n").status).isEqualTo(400);
    assertThat(raw("GET http://evil/ HTTP/1.1\r\n\r\n").status).isEqualTo(400);
    assertThat(raw("GET " + base + "/pod/uuid HTTP/1.1\r\nbroken header\r\n\r\n").status)
        .isEqualTo(400);
    assertThat(raw("POST " + base + "/pod/hmac/sign HTTP/1.1\r\nContent-Length: -1\r\n\r\n")
        .status).isEqualTo(400);
    try (Socket s = connect()) {
      s.getOutputStream().write(("POST " + base + "/pod/hmac/sign HTTP/1.1\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
          + "content=short").getBytes(StandardCharsets.US_ASCII));
      s.shutdownOutput();
      assertThat(parse(s.getInputStream()).status).isEqualTo(400);
    }
  }

  @Test
  @DisplayName("hostile: silent and slow clients are cut off at the deadline and block nobody")
  void slowClients_areClosedAtTheDeadline_andOthersAreServedMeanwhile() throws Exception {
    List<Socket> silent = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Socket s = connect();
        s.getOutputStream().write("GET /".getBytes(StandardCharsets.US_ASCII));
        silent.add(s);
      }
      long t0 = System.nanoTime();
      assertThat(get(base + "/pod/uuid").status).isEqualTo(200);
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);

      Socket first = silent.get(0);
      first.setSoTimeout(10_000);
      long t1 = System.nanoTime();
      assertThat(first.getInputStream().read()).isEqualTo(-1);
      long waitedMs = (System.nanoTime() - t1) / 1_000_000;
      assertThat(waitedMs)
          .isLessThan(MetadataService.CONNECTION_DEADLINE.toMillis() + 2000);
    } finally {
      for (Socket s : silent) {
        s.close();
      }
    }
  }

  @Test
  void unixSocket_servesTheSameAnswers(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("metadata.sock");
    service.listenOnUnixSocket(socket);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
        .isEqualTo("rw-------");
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      Channels.newOutputStream(ch).write(("GET " + base + "/pod/uuid HTTP/1.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(parse(Channels.newInputStream(ch)).body).isEqualTo(POD.toString());
    }
  }

  @Test
  @DisplayName("bound before the pod is planned: the URL is known, answers are 503 until served")
  void bind_answersUnavailableUntilServe() throws Exception {
    try (MetadataService early =
        MetadataService.bind(PodHmacKey.generate(), InetAddress.getLoopbackAddress())) {
      String path = URI.create(early.url()).getPath() + "/acMetadata/v1/pod/uuid";
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), early.port())) {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(parse(s.getInputStream()).status).isEqualTo(503);
      }
      early.serve(new PodMetadata(POD, Annotations.empty(), List.of()));
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), early.port())) {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(parse(s.getInputStream()).body).isEqualTo(POD.toString());
      }
    }
  }

  @Test
  void close_releasesThePort() throws Exception {
    int port = service.port();
    service.close();
    // binding it again proves it free (a connect test could reach whoever took it since)
    try (java.net.ServerSocket again = new java.net.ServerSocket()) {
      again.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void duplicateAppNames_areRefused() {
    AppMetadata web =
        new AppMetadata(AcName.parse("web"), WEB_MANIFEST, Optional.of(ImageId.parse(ID)), Annotations.empty());
    assertThat(org.assertj.core.api.Assertions.catchThrowable(
            () -> new PodMetadata(POD, Annotations.empty(), List.of(web, web))))
        .hasMessageContaining("two apps of pod " + POD + " are named \"web\"");
  }

  // --- a raw HTTP client, so that the tests control every byte

  private record Answer(int status, java.util.Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), service.port());
    s.setSoTimeout(10_000);
    return s;
  }

  private Answer get(String path) throws IOException {
    return raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nMetadata-Flavor: AppContainer\r\n\r\n");
  }

  private Answer postForm(String path, String... pairs) throws IOException {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      form.append(form.length() == 0 ? "" : "&")
          .append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
          .append(pairs[i + 1].startsWith("%%") ? pairs[i + 1].substring(2)
              : URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return raw(post(path, "application/x-www-form-urlencoded", form.toString()));
  }

  private static String post(String path, String type, String body) {
    return "POST " + path + " HTTP/1.1\r\nContent-Type: " + type + "\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body;
  }

  private Answer raw(String request) throws IOException {
    try (Socket s = connect()) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return parse(s.getInputStream());
    }
  }

  private static Answer parse(InputStream in) throws IOException {
    String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    String[] head = all.substring(0, end).split("\r\n");
    java.util.Map<String, String> headers = new java.util.HashMap<>();
    for (int i = 1; i < head.length; i++) {
      String[] kv = head[i].split(":\\s*", 2);
      headers.put(kv[0].toLowerCase(java.util.Locale.ROOT), kv[1]);
    }
    String body = all.substring(end + 4);
    assertThat(body.length()).isEqualTo(Integer.parseInt(headers.get("content-length")));
    return new Answer(Integer.parseInt(head[0].split(" ")[1]), headers, body.strip());
  }

}
