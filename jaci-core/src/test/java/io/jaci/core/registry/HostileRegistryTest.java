package io.jaci.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import io.jaci.core.JaciException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.io.input.BoundedInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 6 and "keep the review going": registries that stall or never stop, as real
 * HTTP servers on 127.0.0.1. Every network read has a time limit; a stall is one line that
 * names the registry and what was being read; an endless body is cut off at a size limit.
 */
class HostileRegistryTest {
  private static final List<String> OCI = List.of("application/vnd.oci.image.manifest.v1+json");
  private static final Digest DIGEST = Digest.sha256("content".getBytes(StandardCharsets.UTF_8));
  /** Long enough for any test here; far shorter than "for ever". */
  private static final Duration LIMIT = Duration.ofSeconds(20);

  private final FakeRegistry registry = new FakeRegistry();

  @AfterEach
  void stop() {
    registry.close();
  }

  private RegistryClient client() {
    return RegistryClient.builder().insecure(true).dockerConfig(Path.of("/nonexistent"))
        .timeout(Duration.ofSeconds(1)).build();
  }

  private ImageReference ref(String rest) {
    return ImageReference.parse("docker://" + registry.host() + "/" + rest);
  }

  /** Sends the headers and {@code first}, then waits until the server is stopped. */
  private static FakeRegistry.Handler stallAfter(String first) {
    return ex -> {
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      out.write(first.getBytes(StandardCharsets.UTF_8));
      out.flush();
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** Sends {@code status} and a body that never ends, until the client goes away. */
  private static FakeRegistry.Handler endless(int status) {
    return ex -> endlessBody(ex, status);
  }

  private static void endlessBody(HttpExchange ex, int status) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) '{');
    ex.sendResponseHeaders(status, 0);
    OutputStream out = ex.getResponseBody();
    while (!Thread.currentThread().isInterrupted()) {
      out.write(chunk); // throws once the client has closed the connection
    }
  }

  @Test
  void item6_stallingBlob_headersAndOneByteThenNothing_isOneLineNamingRegistryAndBlob() {
    registry.on("GET", "/v2/repo/blobs/" + DIGEST, stallAfter("c"));
    assertTimeoutPreemptively(LIMIT, () -> {
      try (InputStream in = client().blob(ref("repo"), DIGEST, 7)) {
        assertThat(in.read()).isEqualTo('c');
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
            .hasMessage("registry " + registry.host() + ": no data for 1 s while reading blob "
                + DIGEST + "; try again or raise --timeout");
      }
    });
  }

  @Test
  void item6_stallingManifest_isOneLine() {
    registry.on("GET", "/v2/repo/manifests/1", stallAfter("{"));
    assertTimeoutPreemptively(LIMIT, () ->
        assertThatThrownBy(() -> client().manifest(ref("repo:1"), OCI))
            .isInstanceOf(JaciException.class)
            .hasMessage("registry " + registry.host() + ": no data for 1 s while reading the"
                + " manifest of docker://" + registry.host() + "/repo:1; try again or raise"
                + " --timeout"));
  }

  @Test
  void item6_stallingTokenServer_isOneLine() {
    registry.on("GET", "/v2/repo/manifests/1", ex -> {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"http://"
          + registry.host() + "/token\",service=\"fake\"");
      FakeRegistry.respond(ex, 401, "");
    });
    registry.on("GET", "/token", stallAfter("{\"token\""));
    assertTimeoutPreemptively(LIMIT, () ->
        assertThatThrownBy(() -> client().manifest(ref("repo:1"), OCI))
            .isInstanceOf(JaciException.class)
            .hasMessageContaining("registry " + registry.host() + ": no data for 1 s while"
                + " reading a token; try again or raise --timeout"));
  }

  @Test
  void item6_serverThatNeverAnswers_isOneLine() throws Exception {
    // connections are accepted by the kernel, but nobody ever reads or answers them
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ImageReference r = ImageReference.parse("docker://127.0.0.1:" + silent.getLocalPort()
          + "/repo:1");
      assertTimeoutPreemptively(LIMIT, () ->
          assertThatThrownBy(() -> client().manifest(r, OCI))
              .isInstanceOf(JaciException.class)
              .hasMessage(r + ": 127.0.0.1:" + silent.getLocalPort() + " did not answer within"
                  + " the time limit; try again or raise --timeout"));
    }
  }

  @Test
  void item6_registryThatStopsTakingAnUpload_isOneLine() throws IOException {
    registry.on("POST", "/v2/repo/blobs/uploads/", ex -> {
      ex.getResponseHeaders().set("Location", "/upload/1");
      FakeRegistry.respond(ex, 202, "");
    });
    // takes the headers of the PUT, never reads its body nor answers
    registry.onUnread("PUT", "/upload/1", ex -> {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long size = 256L << 20; // far more than the sockets' buffers hold
    InputStream zeros = BoundedInputStream.builder()
        .setInputStream(new FileInputStream("/dev/zero")).setMaxCount(size).get();
    assertTimeoutPreemptively(LIMIT, () ->
        assertThatThrownBy(() -> client().pushBlob(ref("repo"), DIGEST, size, zeros))
            .isInstanceOf(JaciException.class)
            .hasMessage("registry " + registry.host() + ": no progress for 1 s while sending"
                + " blob " + DIGEST + "; try again or raise --timeout"));
  }

  @Test
  void endlessManifest_isCutOffAtTheManifestLimit() {
    registry.on("GET", "/v2/repo/manifests/1", endless(200));
    assertTimeoutPreemptively(LIMIT, () ->
        assertThatThrownBy(() -> client().manifest(ref("repo:1"), OCI))
            .isInstanceOf(JaciException.class)
            .hasMessage("docker://" + registry.host() + "/repo:1: the manifest is larger than"
                + " 4 MiB; that is no image manifest"));
  }

  @Test
  void endlessBlob_isCutOffAtItsDescriptorsSize() {
    registry.on("GET", "/v2/repo/blobs/" + DIGEST, endless(200));
    assertTimeoutPreemptively(LIMIT, () -> {
      try (InputStream in = client().blob(ref("repo"), DIGEST, 1 << 20)) {
        assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("is longer than the 1048576 bytes its descriptor gives");
      }
    });
  }

  @Test
  void endlessErrorBody_isCutOff_andTheStatusReported() {
    registry.on("GET", "/v2/repo/manifests/1", endless(404));
    assertTimeoutPreemptively(LIMIT, () ->
        assertThatThrownBy(() -> client().manifest(ref("repo:1"), OCI))
            .isInstanceOf(JaciException.class)
            .hasMessage("docker://" + registry.host() + "/repo:1: no tag \"1\" in docker://"
                + registry.host() + "/repo"));
  }

  @Test
  void endlessTagList_isCutOff() {
    registry.on("GET", "/v2/repo/tags/list", endless(200));
    assertTimeoutPreemptively(LIMIT, () ->
        assertThatThrownBy(() -> client().tags(ref("repo")))
            .isInstanceOf(JaciException.class)
            .hasMessageContaining("not JSON"));
  }
}
