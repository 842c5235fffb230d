package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jaci convert from Docker/OCI to appc against the real tools: images made by umoci (a
 * deleted file, an opaque directory, foreign owners, setuid, links, a FIFO, a full config),
 * pushed by skopeo to Debian's docker-registry (anonymous and with token authentication) and
 * saved by skopeo as a docker-archive; every converted image, squashed or layered, renders to
 * the tree that {@code umoci unpack} makes of the same image, and converted back to an OCI
 * layout (jaci's other direction) unpacks to it again.
 */
class DockerToAciIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  @TempDir
  Path tmp;

  private Map<String, String> env;

  @BeforeEach
  void isolate() throws IOException {
    env = new HashMap<>();
    env.put("JACI_STORE", tmp.resolve("store").toString());
    env.put("DOCKER_CONFIG", Files.createDirectories(tmp.resolve("docker-config")).toString());
  }

  private ProcessRun jaci(Object... args) {
    return JaciJar.run(tmp, env, args);
  }

  /** The rootfs umoci unpacks, described (the root directory itself left out). */
  private Map<String, String> umociTree(Path layout, String tag) throws IOException {
    String umoci = ExternalTool.require("umoci").toString();
    Path bundle = tmp.resolve("umoci-" + layout.getFileName() + "-" + tag);
    List<String> cmd = new ArrayList<>(List.of(umoci, "unpack"));
    if (!ROOT) {
      cmd.add("--rootless");
    }
    cmd.addAll(List.of("--image", layout + ":" + tag, bundle.toString()));
    ProcessRun.run(tmp, Map.of(), cmd).assertSuccess();
    return tree(bundle.resolve("rootfs"));
  }

  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> t = new java.util.TreeMap<>(TreeDescription.of(root, ROOT));
    t.remove("");
    return t;
  }

  /** Renders {@code ref} (an image ID or an ACI file) with jaci and describes the tree. */
  private Map<String, String> rendered(String ref) throws IOException {
    Path dir = tmp.resolve("render-" + Integer.toHexString(ref.hashCode()));
    // an image layout: as root a rootfs-only target is 0700, whatever the image (issue 10 item 1)
    jaci("image", "render", ref, dir).assertSuccess();
    return tree(dir.resolve("rootfs"));
  }

  private static String lastLine(ProcessRun run) {
    String[] lines = run.out().trim().split("\n");
    return lines[lines.length - 1];
  }

  private JsonNode manifest(String ref) throws IOException {
    return JSON.readTree(jaci("image", "cat-manifest", ref).assertSuccess().stdout());
  }

  @Test
  void ociLayout_squashedFileAndLayeredStore_renderAsUmociUnpacks() throws Exception {
    Path layout = UmociImage.create(tmp, tmp.resolve("app-layout"), "v1");
    Map<String, String> expected = umociTree(layout, "v1");
    assertThat(expected).containsKeys("opq/new", "data/keep", "bin/tool2", "fifo")
        .doesNotContainKeys("opq/old", "opq/sub", "data/gone");

    Path aci = tmp.resolve("app.aci");
    ProcessRun squashed = jaci("convert", "oci:" + layout + ":v1", aci).assertSuccess();
    assertThat(squashed.out().trim()).matches("sha512-[0-9a-f]{128}");
    jaci("validate", aci).assertSuccess();
    assertThat(rendered(aci.toString())).isEqualTo(expected);
    assertThat(jaci("convert", "oci:" + layout + ":v1", aci).exit()).isEqualTo(1); // exists
    jaci("convert", "--overwrite", "oci:" + layout + ":v1", aci).assertSuccess();

    JsonNode m = JSON.readTree(jaci("manifest", "cat", aci).assertSuccess().stdout());
    assertThat(m.path("name").asText()).isEqualTo("app-layout");
    assertThat(m.path("labels").toString()).contains("{\"name\":\"version\",\"value\":\"v1\"}",
        "{\"name\":\"os\",\"value\":\"linux\"}");
    JsonNode app = m.path("app");
    assertThat(app.path("exec").toString()).isEqualTo("[\"/bin/tool\",\"serve\",\"--port=6379\"]");
    assertThat(app.path("user").asText()).isEqualTo("999");
    assertThat(app.path("group").asText()).isEqualTo("998");
    assertThat(app.path("workingDirectory").asText()).isEqualTo("/data");
    assertThat(app.path("environment").toString()).contains("{\"name\":\"MODE\",\"value\":\"test\"}");
    assertThat(app.path("ports").get(0).path("name").asText()).isEqualTo("6379-tcp");
    assertThat(app.path("mountPoints").get(0).path("name").asText()).isEqualTo("volume-data");
    assertThat(app.path("userLabels").path("org.example.kind").asText()).isEqualTo("test");
    assertThat(m.path("annotations").toString()).contains("\"author\"", "\"created\"",
        "appc.io/docker/imageid", "appc.io/docker/cmd");

    ProcessRun layered = jaci("convert", "--layered", "oci:" + layout + ":v1", "store:")
        .assertSuccess();
    assertThat(layered.out().trim().split("\n")).hasSize(3);
    String top = lastLine(layered);
    assertThat(rendered(top)).isEqualTo(expected);
    assertThat(manifest(top).path("dependencies").get(0).path("imageID").asText())
        .isEqualTo(layered.out().trim().split("\n")[1]);
  }

  @Test
  void roundTrip_dockerToAciToDocker_keepsEveryFileModeOwnerAndLink() throws Exception {
    Path layout = UmociImage.create(tmp, tmp.resolve("layout"), "v1");
    Map<String, String> expected = umociTree(layout, "v1");
    for (String mode : new String[] {"squashed", "layered"}) {
      ProcessRun converted = mode.equals("layered")
          ? jaci("convert", "--layered", "oci:" + layout + ":v1", "store:")
          : jaci("convert", "oci:" + layout + ":v1", "store:");
      String id = lastLine(converted.assertSuccess());
      Path back = tmp.resolve("back-" + mode);
      jaci("convert", "store:" + id, "oci:" + back + ":rt").assertSuccess();
      assertThat(umociTree(back, "rt")).as(mode).isEqualTo(expected);
      // issue 14: Entrypoint and Cmd come back apart, so `run IMAGE ARGS` still replaces Cmd
      JsonNode config = imageConfig(back, "rt");
      assertThat(config.at("/config/Entrypoint").toString()).as(mode)
          .isEqualTo("[\"/bin/tool\"]");
      assertThat(config.at("/config/Cmd").toString()).as(mode)
          .isEqualTo("[\"serve\",\"--port=6379\"]");
      assertThat(config.path("author").asText()).as(mode).isEqualTo("jaci tests");
    }
  }

  /** The image config of {@code tag} in an OCI layout. */
  private static JsonNode imageConfig(Path layout, String tag) throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (JsonNode m : json.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
      if (tag.equals(m.at("/annotations/org.opencontainers.image.ref.name").asText())) {
        JsonNode manifest = json.readTree(blob(layout, m.path("digest").asText()).toFile());
        return json.readTree(blob(layout, manifest.at("/config/digest").asText()).toFile());
      }
    }
    throw new AssertionError(layout + " has no tag " + tag);
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs").resolve(digest.replace(':', '/'));
  }

  @Test
  void registryAndDockerArchive_renderAsUmociUnpacks() throws Exception {
    String skopeo = ExternalTool.require("skopeo").toString();
    Path layout = UmociImage.create(tmp, tmp.resolve("layout"), "v1");
    Map<String, String> expected = umociTree(layout, "v1");
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      String ref = "docker://" + registry.host() + "/team/app:1.0";
      ProcessRun.run(tmp, skopeo, "copy", "--format", "v2s2", "--dest-tls-verify=false",
          "oci:" + layout + ":v1", ref).assertSuccess(); // Docker schema 2 media types
      String id = jaci("convert", "--insecure", ref, "store:").assertSuccess().out().trim();
      assertThat(rendered(id)).isEqualTo(expected);
      JsonNode m = manifest(id);
      assertThat(m.path("name").asText()).isEqualTo("127.0.0.1_" + registry.port() + "/team/app");
      assertThat(m.path("annotations").toString())
          .contains("{\"name\":\"appc.io/docker/registryurl\",\"value\":\"" + registry.host());

      String layeredTop = lastLine(jaci("convert", "--insecure", "--layered", ref, "store:")
          .assertSuccess());
      assertThat(rendered(layeredTop)).isEqualTo(expected);

      ProcessRun plainHttp = jaci("convert", ref, "store:");
      assertThat(plainHttp.exit()).isEqualTo(1);
      assertThat(plainHttp.stderr()).contains("--insecure");
    }
    Path archive = tmp.resolve("saved.tar");
    ProcessRun.run(tmp, skopeo, "copy", "oci:" + layout + ":v1",
        "docker-archive:" + archive + ":example.com/team/saved:2.0").assertSuccess();
    Path aci = tmp.resolve("saved.aci");
    jaci("convert", "docker-archive:" + archive, aci).assertSuccess();
    assertThat(rendered(aci.toString())).isEqualTo(expected);
    assertThat(JSON.readTree(jaci("manifest", "cat", aci).stdout()).path("name").asText())
        .isEqualTo("example.com/team/saved");
  }

  @Test
  void tokenAuthentication_withCreds_andWithoutThem() throws Exception {
    String skopeo = ExternalTool.require("skopeo").toString();
    Path layout = UmociImage.create(tmp, tmp.resolve("layout"), "v1");
    try (TokenServer tokens = TokenServer.start(tmp, "bob", "pw")) {
      Path bundle = tokens.writeRootBundle(tmp.resolve("root.pem"));
      try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"),
          tokens.registryAuthYaml(bundle))) {
        String ref = "docker://" + registry.host() + "/private/app:1";
        ProcessRun.run(tmp, skopeo, "copy", "--dest-tls-verify=false", "--dest-creds", "bob:pw",
            "oci:" + layout + ":v1", ref).assertSuccess();
        ProcessRun anonymous = jaci("convert", "--insecure", ref, "store:");
        assertThat(anonymous.exit()).isEqualTo(1);
        assertThat(anonymous.stderr().trim()).startsWith("jaci: ").doesNotContain("\n")
            .contains("credentials");
        String id = jaci("convert", "--insecure", "--creds", "bob:pw", ref, "store:")
            .assertSuccess().out().trim();
        assertThat(rendered(id)).isEqualTo(umociTree(layout, "v1"));
        assertThat(tokens.tokensIssued()).isPositive();
      }
    }
  }

  @Test
  void layerCache_secondImageSharingTheBase_fetchesOnlyItsNewLayer() throws Exception {
    String skopeo = ExternalTool.require("skopeo").toString();
    Path layout = UmociImage.create(tmp, tmp.resolve("layout"), "a");
    List<List<byte[]>> contents = List.of(new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>());
    List<List<TarHeader>> layers = List.of(UmociImage.base(contents.get(0)),
        UmociImage.middle(contents.get(1)), List.of(UmociImage.dir("srv"),
            UmociImage.file("srv/b", "only in b\n", 0644, 0, 0, contents.get(2))));
    UmociImage.create(tmp, layout, "b", layers, contents);
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      String a = "docker://" + registry.host() + "/team/a:1";
      String b = "docker://" + registry.host() + "/team/b:1";
      for (String[] copy : new String[][] {{"a", a}, {"b", b}}) {
        ProcessRun.run(tmp, skopeo, "copy", "--dest-tls-verify=false",
            "oci:" + layout + ":" + copy[0], copy[1]).assertSuccess();
      }
      ProcessRun first = jaci("convert", "--insecure", "--layered", a, "store:").assertSuccess();
      assertThat(first.stderr()).contains("3 of 3 layers converted");

      // the registry no longer serves b's two lower layers: converting b must not fetch them
      JsonNode manifestB = JSON.readTree(registryGet(registry, "team/b", "manifests/1"));
      for (int i = 0; i < 2; i++) {
        String digest = manifestB.path("layers").get(i).path("digest").asText();
        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://" + registry.host() + "/v2/team/b/blobs/" + digest)).DELETE()
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(202);
      }
      ProcessRun squashed = jaci("convert", "--insecure", b, tmp.resolve("b.aci"));
      assertThat(squashed.exit()).isEqualTo(1);
      assertThat(squashed.stderr()).contains("not found");
      assertThat(tmp.resolve("b.aci")).doesNotExist();

      ProcessRun second = jaci("convert", "--insecure", "--layered", b, "store:")
          .assertSuccess();
      assertThat(second.stderr()).contains("1 of 3 layers converted");
      String[] firstIds = first.out().trim().split("\n");
      String[] secondIds = second.out().trim().split("\n");
      assertThat(secondIds[0]).isEqualTo(firstIds[0]);
      assertThat(secondIds[1]).isEqualTo(firstIds[1]);
      assertThat(rendered(secondIds[2])).isEqualTo(umociTree(layout, "b"));
      assertThat(manifest(secondIds[2]).path("app").path("user").asText()).isEqualTo("999");
    }
  }

  private static byte[] registryGet(LocalRegistry registry, String repo, String path)
      throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
        + registry.host() + "/v2/" + repo + "/" + path)).header("Accept",
        "application/vnd.oci.image.manifest.v1+json").build(),
        HttpResponse.BodyHandlers.ofByteArray()).body();
  }
}
