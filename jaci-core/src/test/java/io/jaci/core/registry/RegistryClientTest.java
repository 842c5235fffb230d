package io.jaci.core.registry;

import static io.jaci.core.registry.FakeRegistry.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against real HTTP servers on 127.0.0.1 scripted to misbehave in the ways a real
 * registry will not on demand. RegistryIT (jaci-cli) covers the real docker-registry.
 */
class RegistryClientTest {
  private static final List<String> OCI = List.of("application/vnd.oci.image.manifest.v1+json");
  private static final byte[] GOOD = "good content".getBytes(StandardCharsets.UTF_8);
  private static final Digest GOOD_DIGEST = Digest.sha256(GOOD);

  private final FakeRegistry registry = new FakeRegistry();
  private final FakeRegistry storage = new FakeRegistry();

  @AfterEach
  void stop() {
    registry.close();
    storage.close();
  }

  private RegistryClient client() {
    return RegistryClient.builder().insecure(true).dockerConfig(Path.of("/nonexistent"))
        .timeout(Duration.ofSeconds(10)).build();
  }

  private ImageReference ref(String rest) {
    return ImageReference.parse("docker://" + registry.host() + "/" + rest);
  }

  @Test
  void blob_whoseContentDoesNotMatch_failsTheReadThatReachesTheEnd() throws Exception {
    registry.on("GET", "/v2/repo/blobs/" + GOOD_DIGEST,
        ex -> respond(ex, 200, "bad content"));
    try (InputStream in = client().blob(ref("repo"), GOOD_DIGEST)) {
      byte[] buffer = new byte[4];
      assertThat(in.read(buffer)).isEqualTo(4);
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("docker://" + registry.host() + "/repo: blob " + GOOD_DIGEST
              + " does not match its digest: the 11 bytes received have digest sha256:")
          .hasMessageEndingWith("; nothing of it may be used");
      assertThatThrownBy(in::read).isInstanceOf(IOException.class); // and it stays failed
    }
  }

  @Test
  void blob_longerThanItsDescriptor_failsAtOnce() throws Exception {
    registry.on("GET", "/v2/repo/blobs/" + GOOD_DIGEST, ex -> {
      ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to check up front
      ex.getResponseBody().write(GOOD);
    });
    try (InputStream in = client().blob(ref("repo"), GOOD_DIGEST, 4)) {
      assertThatThrownBy(in::readAllBytes)
          .hasMessage("docker://" + registry.host() + "/repo: blob " + GOOD_DIGEST
              + " is longer than the 4 bytes its descriptor gives; nothing of it may be used");
    }
  }

  @Test
  void blob_followsARedirectToStorage_withoutTheRegistrysCredentials() throws Exception {
    String basic = new Credentials("user", "pw").basicAuthorization();
    storage.on("GET", "/bucket/blob", ex -> respond(ex, 200, GOOD));
    registry.on("GET", "/v2/repo/blobs/" + GOOD_DIGEST, ex -> {
      if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
        respond(ex, 401, "");
        return;
      }
      // another origin: same address, other host name and port
      ex.getResponseHeaders().set("Location",
          "http://localhost:" + storage.port() + "/bucket/blob?signature=x");
      respond(ex, 307, "");
    });
    RegistryClient client = RegistryClient.builder().insecure(true)
        .credentials(new Credentials("user", "pw")).build();
    try (InputStream in = client.blob(ref("repo"), GOOD_DIGEST, GOOD.length)) {
      assertThat(in.readAllBytes()).isEqualTo(GOOD);
    }
    assertThat(registry.requests()).extracting(FakeRegistry.Request::authorization)
        .containsExactly(null, basic);
    assertThat(storage.requests()).singleElement()
        .satisfies(r -> assertThat(r.uri()).isEqualTo("/bucket/blob?signature=x"))
        .satisfies(r -> assertThat(r.authorization()).isNull());
  }

  @Test
  void manifest_missingTag_namesIt() {
    registry.on("GET", "/v2/repo/manifests/nope", ex -> respond(ex, 404,
        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}"));
    assertThatThrownBy(() -> client().manifest(ref("repo:nope"), OCI))
        .isInstanceOf(JaciException.class)
        .hasMessage("docker://" + registry.host() + "/repo:nope: no tag \"nope\" in docker://"
            + registry.host() + "/repo");
  }

  @Test
  void manifest_serverError_isRetriedThenReportedWithTheRegistrysMessage() {
    registry.on("GET", "/v2/repo/manifests/1", ex -> respond(ex, 500,
        "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"disk\\non fire\"}]}"));
    assertThatThrownBy(() -> client().manifest(ref("repo:1"), OCI))
        .hasMessage("docker://" + registry.host() + "/repo:1: the registry answered HTTP 500:"
            + " disk on fire");
    assertThat(registry.count("GET", "/v2/repo/manifests/1")).isEqualTo(RegistryHttp.ATTEMPTS);
  }

  @Test
  void manifest_transientErrorThenSuccess() throws Exception {
    int[] calls = {0};
    byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    registry.on("GET", "/v2/repo/manifests/1", ex -> {
      if (calls[0]++ == 0) {
        respond(ex, 503, "");
      } else {
        ex.getResponseHeaders().set("Content-Type", OCI.get(0));
        respond(ex, 200, manifest);
      }
    });
    RegistryManifest m = client().manifest(ref("repo:1"), OCI);
    assertThat(m.bytes()).isEqualTo(manifest);
    assertThat(m.mediaType()).isEqualTo(OCI.get(0));
    assertThat(m.digest()).isEqualTo(Digest.sha256(manifest));
  }

  @Test
  void manifest_byDigest_mustMatchIt_andTheRegistrysDigestHeaderMustToo() {
    registry.on("GET", "/v2/repo/manifests/" + GOOD_DIGEST, ex -> respond(ex, 200, "{}"));
    assertThatThrownBy(() -> client().manifest(ref("repo@" + GOOD_DIGEST), OCI))
        .hasMessage("docker://" + registry.host() + "/repo@" + GOOD_DIGEST + ": the registry"
            + " sent a manifest whose digest is " + Digest.sha256("{}".getBytes()));
    registry.on("GET", "/v2/repo/manifests/t", ex -> {
      ex.getResponseHeaders().set("Docker-Content-Digest", GOOD_DIGEST.toString());
      respond(ex, 200, "{}");
    });
    assertThatThrownBy(() -> client().manifest(ref("repo:t"), OCI))
        .hasMessageEndingWith(", but says it is " + GOOD_DIGEST);
  }

  @Test
  void manifest_mediaTypeFromTheJsonWhenTheHeaderIsGeneric() throws Exception {
    registry.on("GET", "/v2/repo/manifests/t", ex -> {
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      respond(ex, 200, "{\"mediaType\":\"application/vnd.oci.image.index.v1+json\"}");
    });
    assertThat(client().manifest(ref("repo:t"), OCI).mediaType())
        .isEqualTo("application/vnd.oci.image.index.v1+json");
  }

  @Test
  void bearer_tokenFetchedOncePerScope_andSentToTheRegistry() throws Exception {
    String realm = "http://" + storage.host() + "/token";
    storage.on("GET", "/token", ex -> respond(ex, 200,
        "{\"access_token\":\"tok-1\",\"expires_in\":300}"));
    FakeRegistry.Handler protectedBlob = ex -> {
      if (!"Bearer tok-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + realm
            + "\",service=\"fake registry\",scope=\"repository:team/app:pull\"");
        respond(ex, 401, "");
      } else {
        respond(ex, 200, GOOD);
      }
    };
    registry.on("HEAD", "/v2/team/app/blobs/" + GOOD_DIGEST, protectedBlob);
    registry.on("GET", "/v2/team/app/blobs/" + GOOD_DIGEST, protectedBlob);
    RegistryClient client = client();
    assertThat(client.blobExists(ref("team/app"), GOOD_DIGEST)).isTrue();
    assertThat(client.blobExists(ref("team/app"), GOOD_DIGEST)).isTrue();
    try (InputStream in = client.blob(ref("team/app"), GOOD_DIGEST)) {
      assertThat(in.readAllBytes()).isEqualTo(GOOD);
    }
    assertThat(storage.requests()).singleElement().satisfies(r -> {
      assertThat(r.uri()).isEqualTo("/token?service=fake+registry&scope=repository%3Ateam%2Fapp%3Apull");
      assertThat(r.authorization()).isNull(); // anonymous: no credentials anywhere
    });
    assertThat(registry.requests()).extracting(FakeRegistry.Request::authorization)
        .containsExactly(null, "Bearer tok-1", "Bearer tok-1", "Bearer tok-1");
  }

  @Test
  void basic_withoutCredentials_saysToGiveThem_andWrongOnesAreNamed() {
    registry.on("GET", "/v2/repo/tags/list", ex -> {
      ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
      respond(ex, 401, "");
    });
    assertThatThrownBy(() -> client().tags(ref("repo")))
        .hasMessage("docker://" + registry.host() + "/repo: listing tags: the registry needs"
            + " credentials: pass --creds USER:PASSWORD or add them for " + registry.host()
            + " to ~/.docker/config.json");
    RegistryClient withCreds = RegistryClient.builder().insecure(true)
        .credentials(Credentials.parse("alice:wrong")).build();
    assertThatThrownBy(() -> withCreds.tags(ref("repo")))
        .hasMessage("docker://" + registry.host() + "/repo: listing tags: the registry refused"
            + " the credentials of user \"alice\" (wrong password, or no access to this"
            + " repository)");
  }

  @Test
  void tags_followThePaginationLinks() throws Exception {
    registry.on("GET", "/v2/repo/tags/list", ex -> {
      if (ex.getRequestURI().getQuery() == null) {
        ex.getResponseHeaders().set("Link", "</v2/repo/tags/list?n=2&last=b>; rel=\"next\"");
        respond(ex, 200, "{\"name\":\"repo\",\"tags\":[\"a\",\"b\"]}");
      } else {
        respond(ex, 200, "{\"name\":\"repo\",\"tags\":[\"c\"]}");
      }
    });
    assertThat(client().tags(ref("repo"))).containsExactly("a", "b", "c");
  }

  @Test
  void pushBlob_withWrongContent_abortsTheUploadAndCancelsTheSession() {
    registry.on("POST", "/v2/repo/blobs/uploads/", ex -> {
      ex.getResponseHeaders().set("Location", "/v2/repo/blobs/uploads/s1?state=x");
      respond(ex, 202, "");
    });
    registry.on("PUT", "/v2/repo/blobs/uploads/s1", ex -> respond(ex, 201, ""));
    registry.on("DELETE", "/v2/repo/blobs/uploads/s1", ex -> respond(ex, 204, ""));
    byte[] wrong = "wrong content".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> client().pushBlob(ref("repo"), GOOD_DIGEST, wrong.length,
        new ByteArrayInputStream(wrong)))
        .isInstanceOf(JaciException.class)
        .hasMessageStartingWith("docker://" + registry.host() + "/repo: pushing blob "
            + GOOD_DIGEST + " does not match its digest");
    assertThat(registry.count("DELETE", "/v2/repo/blobs/uploads/s1")).isEqualTo(1);
  }

  @Test
  void pushBlob_ofUnknownSize_streamsAPatchThenPuts() throws Exception {
    registry.on("POST", "/v2/repo/blobs/uploads/", ex -> {
      ex.getResponseHeaders().set("Location", "/v2/repo/blobs/uploads/s1");
      respond(ex, 202, "");
    });
    registry.on("PATCH", "/v2/repo/blobs/uploads/s1", ex -> {
      ex.getResponseHeaders().set("Location", "/v2/repo/blobs/uploads/s1?part=2");
      respond(ex, 202, "");
    });
    registry.on("PUT", "/v2/repo/blobs/uploads/s1", ex -> respond(ex, 201, ""));
    client().pushBlob(ref("repo"), GOOD_DIGEST, -1, new ByteArrayInputStream(GOOD));
    assertThat(registry.requests()).extracting(r -> r.method() + " " + r.uri() + " " + r.bodySize())
        .containsExactly("POST /v2/repo/blobs/uploads/ 0",
            "PATCH /v2/repo/blobs/uploads/s1 " + GOOD.length,
            "PUT /v2/repo/blobs/uploads/s1?part=2&digest=" + GOOD_DIGEST + " 0");
  }

  @Test
  void connectionRefused_isOneLine() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    ImageReference nowhere = ImageReference.parse("docker://127.0.0.1:" + closedPort + "/a:1");
    assertThatThrownBy(() -> client().manifest(nowhere, OCI))
        .hasMessage(nowhere + ": cannot connect to 127.0.0.1:" + closedPort
            + " (connection refused: is the registry running and the address right?)");
  }
}
