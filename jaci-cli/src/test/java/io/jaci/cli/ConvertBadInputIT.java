package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.jaci.core.registry.Digest;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to jaci convert (to appc): every failure is one line on stderr and exit 1, and
 * leaves no output file and nothing in the store. Images are made by umoci and served by
 * Debian's docker-registry, then damaged.
 */
class ConvertBadInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private Map<String, String> env;
  private Path layout;

  @BeforeEach
  void image() throws IOException {
    env = new HashMap<>();
    env.put("JACI_STORE", tmp.resolve("store").toString());
    env.put("DOCKER_CONFIG", Files.createDirectories(tmp.resolve("docker-config")).toString());
    layout = UmociImage.create(tmp, tmp.resolve("layout"), "v1");
  }

  /** Converts to a file and to the store; both must fail with {@code message}, cleanly. */
  private void failsCleanly(String message, String... sourceAndOptions) throws IOException {
    Path out = tmp.resolve("out.aci");
    for (Object dest : new Object[] {out, "store:"}) {
      List<Object> args = new java.util.ArrayList<>(List.of("convert"));
      args.addAll(List.of(sourceAndOptions));
      args.add(dest);
      ProcessRun run = JaciJar.run(tmp, env, args.toArray());
      assertThat(run.exit()).as(run.describe()).isEqualTo(1);
      assertThat(run.stderr().trim()).as(run.describe()).startsWith("jaci: ")
          .doesNotContain("\n").doesNotContain("Exception").contains(message);
    }
    assertThat(out).doesNotExist();
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("out") || n.contains(".aci.") || n.startsWith(".out"));
    }
    assertThat(JSON.readTree(JaciJar.run(tmp, env, "image", "list", "--json").assertSuccess()
        .stdout())).isEmpty();
    Path staging = tmp.resolve("store/tmp");
    if (Files.isDirectory(staging)) {
      try (Stream<Path> files = Files.list(staging)) {
        assertThat(files).isEmpty();
      }
    }
  }

  private JsonNode indexJson() throws IOException {
    return JSON.readTree(layout.resolve("index.json").toFile());
  }

  private Path blob(String digest) {
    return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
  }

  private JsonNode manifest() throws IOException {
    return JSON.readTree(blob(indexJson().path("manifests").get(0).path("digest").asText())
        .toFile());
  }

  @Test
  void layerNotMatchingItsDigest() throws Exception {
    Path layer = blob(manifest().path("layers").get(1).path("digest").asText());
    byte[] bytes = Files.readAllBytes(layer);
    bytes[bytes.length - 1] ^= 1; // the gzip trailer: only the digest check can tell
    Files.write(layer, bytes);
    failsCleanly("does not match its digest", "oci:" + layout + ":v1");
  }

  @Test
  void registryServingDamagedBlob() throws Exception {
    String skopeo = ExternalTool.require("skopeo").toString();
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      String ref = "docker://" + registry.host() + "/team/app:1";
      ProcessRun.run(tmp, skopeo, "copy", "--dest-tls-verify=false", "oci:" + layout + ":v1",
          ref).assertSuccess();
      String hex = manifest().path("layers").get(0).path("digest").asText().substring(7);
      Path stored = tmp.resolve("registry/data/docker/registry/v2/blobs/sha256/"
          + hex.substring(0, 2) + "/" + hex + "/data");
      byte[] bytes = Files.readAllBytes(stored);
      bytes[bytes.length / 2] ^= 1;
      Files.write(stored, bytes);
      failsCleanly("does not match its digest", "--insecure", ref);
      failsCleanly("no tag \"nope\"", "--insecure", "docker://" + registry.host()
          + "/team/app:nope");
      // a 404 for a repository it never had: distribution says MANIFEST_UNKNOWN, as for a tag
      failsCleanly("no tag \"1\" in docker://" + registry.host() + "/team/none", "--insecure",
          "docker://" + registry.host() + "/team/none:1");
    }
  }

  @Test
  void unknownManifestMediaType() throws Exception {
    ObjectNode index = (ObjectNode) indexJson();
    ((ObjectNode) index.path("manifests").get(0)).put("mediaType",
        "application/vnd.example.unknown+json");
    // the manifest blob declares its type too: make it disagree the same way
    Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
    failsCleanly("application/vnd.example.unknown+json", "oci:" + layout + ":v1");
  }

  @Test
  void missingTag() throws Exception {
    failsCleanly("no image tagged \"nope\" (tags: v1)", "oci:" + layout + ":nope");
  }

  /** Issue 14 (conversion fidelity): --platform is not ignored on a single-manifest image. */
  @Test
  void platformOtherThanASingleImagesOwn() throws Exception {
    failsCleanly("oci:" + layout + ":v1 is an image for linux/amd64, not windows/arm64",
        "--platform", "windows/arm64", "oci:" + layout + ":v1");
    JaciJar.run(tmp, env, "convert", "--platform", "linux/amd64", "oci:" + layout + ":v1",
        tmp.resolve("ok.aci")).assertSuccess();
  }

  @Test
  void platformTheIndexLacks() throws Exception {
    JsonNode entry = indexJson().path("manifests").get(0);
    ObjectNode inner = JSON.createObjectNode().put("schemaVersion", 2)
        .put("mediaType", "application/vnd.oci.image.index.v1+json");
    ObjectNode platformEntry = inner.putArray("manifests").addObject();
    platformEntry.put("mediaType", entry.path("mediaType").asText())
        .put("digest", entry.path("digest").asText()).put("size", entry.path("size").asLong());
    platformEntry.putObject("platform").put("os", "linux").put("architecture", "amd64");
    byte[] innerBytes = JSON.writeValueAsBytes(inner);
    Digest d = Digest.sha256(innerBytes);
    Files.write(layout.resolve("blobs/sha256/" + d.hex()), innerBytes);
    ObjectNode index = (ObjectNode) indexJson();
    ((ObjectNode) index.path("manifests").get(0)).put("mediaType",
        "application/vnd.oci.image.index.v1+json").put("digest", d.toString())
        .put("size", innerBytes.length);
    Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
    failsCleanly("has no image for linux/s390x; it has linux/amd64", "--platform",
        "linux/s390x", "oci:" + layout + ":v1");
    Path out = tmp.resolve("ok.aci");
    JaciJar.run(tmp, env, "convert", "--platform", "linux/amd64", "oci:" + layout + ":v1", out)
        .assertSuccess();

    // the same index pushed to a registry (skopeo copy --all keeps it an index)
    String skopeo = ExternalTool.require("skopeo").toString();
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      String ref = "docker://" + registry.host() + "/multi/app:1";
      ProcessRun.run(tmp, skopeo, "copy", "--all", "--dest-tls-verify=false",
          "oci:" + layout + ":v1", ref).assertSuccess();
      failsCleanly("has no image for linux/arm64; it has linux/amd64", "--insecure",
          "--platform", "linux/arm64", ref);
      Path fromRegistry = tmp.resolve("from-registry.aci");
      JaciJar.run(tmp, env, "convert", "--insecure", "--platform", "linux/amd64", ref,
          fromRegistry).assertSuccess();
      JsonNode m = JSON.readTree(JaciJar.run(tmp, env, "manifest", "cat", fromRegistry)
          .assertSuccess().stdout());
      assertThat(m.path("name").asText()).isEqualTo("127.0.0.1_" + registry.port()
          + "/multi/app");
      assertThat(m.path("labels").toString()).contains("{\"name\":\"arch\",\"value\":"
          + "\"amd64\"}");
    }
  }

  @Test
  void layerWithDotDotName_writesNothing() throws Exception {
    String umoci = ExternalTool.require("umoci").toString();
    Path tar = tmp.resolve("evil.tar");
    List<byte[]> contents = new java.util.ArrayList<>();
    UmociImage.writeTar(tar, List.of(UmociImage.dir("ok"),
        UmociImage.file("ok/file", "fine\n", 0644, 0, 0, contents),
        UmociImage.file("../escaped", "evil\n", 0644, 0, 0, contents)), contents);
    ProcessRun.run(tmp, umoci, "raw", "add-layer", "--image", layout + ":v1", tar.toString())
        .assertSuccess();
    failsCleanly("entry \"../escaped\": the name leaves the image root", "oci:" + layout + ":v1");
    assertThat(tmp.getParent().resolve("escaped")).doesNotExist();
  }

  @Test
  void layerWithAbsoluteHardLink_writesNothing() throws Exception {
    String umoci = ExternalTool.require("umoci").toString();
    Path tar = tmp.resolve("evil.tar");
    UmociImage.writeTar(tar, List.of(new TarHeader("shadow", TarEntryType.HARD_LINK, 0644, 0,
        0, 0, UmociImage.MTIME, "/etc/shadow", 0, 0, null)), List.of());
    ProcessRun.run(tmp, umoci, "raw", "add-layer", "--image", layout + ":v1", tar.toString())
        .assertSuccess();
    failsCleanly("an absolute name", "oci:" + layout + ":v1");
  }

  @Test
  void registryAnswering500() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.start();
    try {
      failsCleanly("500", "--insecure", "docker://127.0.0.1:" + server.getAddress().getPort()
          + "/team/app:1");
    } finally {
      server.stop(0);
    }
  }

  /**
   * Issue 10, item 6: a registry that sends the manifest and config, then a layer's headers
   * and one byte, and stalls. jaci waits --timeout, then fails with one line naming the
   * registry and the blob (before the fix it waited for ever).
   */
  @Test
  void item6_stallingRegistry_isOneLineAfterTheTimeout() throws Exception {
    String manifestDigest = indexJson().path("manifests").get(0).path("digest").asText();
    JsonNode manifest = manifest();
    String layerDigest = manifest.path("layers").get(0).path("digest").asText();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      byte[] body = path.equals("/v2/") ? new byte[0]
          : path.endsWith("/manifests/1") ? Files.readAllBytes(blob(manifestDigest))
          : path.contains("/blobs/sha256:") ? Files.readAllBytes(blob(path.substring(
              path.lastIndexOf('/') + 1))) : null;
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
      } else if (path.endsWith(layerDigest)) {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body, 0, 1);
        exchange.getResponseBody().flush();
        try {
          Thread.sleep(120_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else {
        if (path.endsWith("/manifests/1")) {
          exchange.getResponseHeaders().set("Content-Type", manifest.path("mediaType").asText());
        }
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
    try {
      String host = "127.0.0.1:" + server.getAddress().getPort();
      long start = System.nanoTime();
      failsCleanly("registry " + host + ": no data for 2 s while reading blob " + layerDigest
          + "; try again or raise --timeout", "--insecure", "--timeout", "2s",
          "docker://" + host + "/team/app:1");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
      ProcessRun bad = JaciJar.run(tmp, env, "convert", "--timeout", "soon",
          "docker://" + host + "/team/app:1", "store:");
      assertThat(bad.exit()).as(bad.describe()).isEqualTo(2);
      assertThat(bad.stderr()).contains("--timeout soon");
    } finally {
      server.stop(0);
    }
  }
}
