package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACI -> OCI with the built CLI, checked by the real tools: a three-image chain of diff
 * builds (each deleting files of the images below through its path whitelist) is converted
 * to an OCI layout, a docker-archive and a registry (Debian's docker-registry, anonymous and
 * with htpasswd), and what {@code umoci unpack} makes of the result (after
 * {@code skopeo copy} for the archive and the registry) must be exactly the tree
 * {@code jaci image render} gives: names, types, modes, owners, link targets, contents,
 * mtimes, user xattrs.
 */
class AciToOciIT {
  private static final long MTIME = 1_600_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANIFEST = "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
      + "\"name\":\"example.com/base\",\"labels\":[{\"name\":\"version\",\"value\":\"1.0.0\"},"
      + "{\"name\":\"os\",\"value\":\"linux\"},{\"name\":\"arch\",\"value\":\"aarch64\"}],"
      + "\"app\":{\"exec\":[\"/bin/tool\",\"--serve\"],\"user\":\"1000\",\"group\":\"100\","
      + "\"workingDirectory\":\"/srv\","
      + "\"environment\":[{\"name\":\"PATH\",\"value\":\"/bin\"},"
      + "{\"name\":\"MODE\",\"value\":\"a=b\"}],"
      + "\"mountPoints\":[{\"name\":\"data\",\"path\":\"/var/data\"}],"
      + "\"ports\":[{\"name\":\"http\",\"protocol\":\"tcp\",\"port\":8080},"
      + "{\"name\":\"dns\",\"protocol\":\"udp\",\"port\":53,\"count\":2}],"
      + "\"userLabels\":{\"maintainer\":\"ops@example.com\"}},"
      + "\"annotations\":[{\"name\":\"created\",\"value\":\"2026-01-02T03:04:05Z\"}]}";

  /** Changes over the base: a deleted file and directory, a changed and an added file. */
  private static final String CHANGES_1 = String.join("\n", "set -e",
      "echo 'changed' > etc/motd",
      "echo 'new' > etc/new",
      "rm etc/shadow",
      "rm -r usr/share/doc",
      "mkdir -p opt/app && echo app > opt/app/run");
  /** Changes over the first diff: deletions of both images below, a dir replaced by a file. */
  private static final String CHANGES_2 = String.join("\n", "set -e",
      "rm etc/new",
      "rm bin/tool && ln -s /etc/passwd bin/tool",
      "rm -r srv && echo 'not a dir' > srv",
      "rm -r opt/app",
      "ln etc/passwd etc/passwd.again");

  @TempDir
  Path tmp;
  private Path store;

  @BeforeEach
  void tools() {
    ExternalTool.require("umoci");
    ExternalTool.require("skopeo");
    store = tmp.resolve("store");
  }

  @Test
  void chainToOciLayout_unpacksToTheRenderedTree_layerPerImage_reproducible() throws Exception {
    String top = chain();
    Map<String, String> rendered = rendered(top);
    Path layout = tmp.resolve("layout");
    String digest = jaci("convert", "store:" + top, "oci:" + layout + ":v2").out().trim();
    assertThat(digest).matches("sha256:[0-9a-f]{64}");
    assertThat(unpack(layout, "v2")).isEqualTo(rendered);

    JsonNode inspect = JSON.readTree(skopeo("inspect", "oci:" + layout + ":v2").out());
    assertThat(inspect.get("Layers")).hasSize(3);
    assertThat(inspect.get("Digest").asText()).isEqualTo(digest);
    JsonNode config = JSON.readTree(skopeo("inspect", "--config", "oci:" + layout + ":v2").out());
    assertThat(config.get("architecture").asText()).isEqualTo("arm64");
    assertThat(config.get("os").asText()).isEqualTo("linux");
    // begin copies no annotations: only the base's history entry has a creation time
    assertThat(config.has("created")).isFalse();
    assertThat(config.get("history").get(0).get("created").asText())
        .isEqualTo("2026-01-02T03:04:05Z");
    assertThat(config.get("history").get(0).get("created_by").asText())
        .startsWith("jaci convert example.com/base (sha512-");
    JsonNode c = config.get("config");
    assertThat(c.get("Entrypoint").toString()).isEqualTo("[\"/bin/tool\",\"--serve\"]");
    assertThat(c.has("Cmd")).isFalse();
    assertThat(c.get("User").asText()).isEqualTo("1000:100");
    assertThat(c.get("WorkingDir").asText()).isEqualTo("/srv");
    assertThat(c.get("Env").toString()).isEqualTo("[\"PATH=/bin\",\"MODE=a=b\"]");
    assertThat(c.get("ExposedPorts").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("8080/tcp", "53/udp", "54/udp");
    assertThat(c.get("Volumes").fieldNames()).toIterable().containsExactly("/var/data");
    assertThat(c.get("Labels").get("maintainer").asText()).isEqualTo("ops@example.com");
    assertThat(config.get("rootfs").get("diff_ids")).hasSize(3);
    assertThat(config.get("history")).hasSize(3);

    // again into a new layout, and into the same one under another tag: the same digests
    Path again = tmp.resolve("again");
    assertThat(jaci("convert", "store:" + top, "oci:" + again + ":v2").out().trim())
        .isEqualTo(digest);
    assertThat(TestImages.list(again.resolve("blobs/sha256")))
        .isEqualTo(TestImages.list(layout.resolve("blobs/sha256")));
    assertThat(jaci("convert", "store:" + top, "oci:" + layout + ":other").out().trim())
        .isEqualTo(digest);
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    assertThat(index.get("manifests")).hasSize(2);
    assertThat(unpack(layout, "other")).isEqualTo(rendered);

    // the same layers, whiteouts included, through a docker-archive and skopeo
    Path archive = tmp.resolve("chain.tar");
    jaci("convert", "store:" + top, "docker-archive:" + archive + ":example.com/two:2");
    Path copied = tmp.resolve("copied");
    skopeo("copy", "docker-archive:" + archive, "oci:" + copied + ":copied");
    assertThat(unpack(copied, "copied")).isEqualTo(rendered);
  }

  @Test
  void squash_oneLayerOfTheRenderedTree() throws Exception {
    String top = chain();
    Path layout = tmp.resolve("layout");
    String digest = jaci("convert", "--squash", "store:" + top, "oci:" + layout + ":flat")
        .out().trim();
    assertThat(JSON.readTree(skopeo("inspect", "oci:" + layout + ":flat").out()).get("Layers"))
        .hasSize(1);
    assertThat(unpack(layout, "flat")).isEqualTo(rendered(top));
    // the second time the render comes from the tree cache: the same digest
    assertThat(jaci("convert", "--squash", "store:" + top, "oci:" + tmp.resolve("again"))
        .out().trim()).isEqualTo(digest);
  }

  @Test
  void aciFile_oneLayerOfItsRootfs_toDockerArchive_readBySkopeo() throws Exception {
    Path aci = baseAci();
    String id = jaci("image", "import", aci).out().trim();
    Path archive = tmp.resolve("base.tar");
    jaci("convert", aci, "docker-archive:" + archive + ":example.com/base:1.0.0");
    JsonNode inspect = JSON.readTree(skopeo("inspect", "docker-archive:" + archive).out());
    String manifestJson = ProcessRun.run(tmp, ExternalTool.require("tar").toString(), "-xOf",
        archive.toString(), "manifest.json").assertSuccess().out();
    assertThat(JSON.readTree(manifestJson).get(0).get("RepoTags").toString())
        .isEqualTo("[\"example.com/base:1.0.0\"]");
    assertThat(inspect.get("Layers")).hasSize(1);
    assertThat(inspect.get("Architecture").asText()).isEqualTo("arm64");
    Path layout = tmp.resolve("copied");
    skopeo("copy", "docker-archive:" + archive, "oci:" + layout + ":copied");
    assertThat(unpack(layout, "copied")).isEqualTo(rendered(id));

    // an existing archive is kept unless --overwrite
    ProcessRun refused = JaciJar.run(tmp, "--store", store, "convert", aci,
        "docker-archive:" + archive);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderr()).startsWith("jaci: ").contains("--overwrite").hasLineCount(1);
    jaci("convert", "--overwrite", aci, "docker-archive:" + archive);
  }

  @Test
  void chainToRegistry_pulledBackBySkopeo_isTheRenderedTree() throws Exception {
    String top = chain();
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      String ref = "docker://" + registry.host() + "/jaci/app:2";
      String digest = jaci("convert", "--insecure", "store:" + top, ref).out().trim();
      // pushing again finds every blob there and only puts the manifest
      assertThat(jaci("convert", "--insecure", "store:" + top, ref).out().trim())
          .isEqualTo(digest);
      JsonNode inspect = JSON.readTree(skopeo("inspect", "--tls-verify=false", ref).out());
      assertThat(inspect.get("Digest").asText()).isEqualTo(digest);
      Path layout = tmp.resolve("pulled");
      skopeo("copy", "--src-tls-verify=false", ref, "oci:" + layout + ":pulled");
      assertThat(unpack(layout, "pulled")).isEqualTo(rendered(top));

      ProcessRun missing = JaciJar.run(tmp, "--store", store, "convert", "--insecure",
          "store:sha512-0123456789ab", ref);
      assertThat(missing.exit()).isEqualTo(1);
      assertThat(missing.stderr()).contains("not in the store").hasLineCount(1);
    }
  }

  @Test
  void htpasswdRegistry_refusedWithoutCredentials_pushesWithCreds() throws Exception {
    Path aci = baseAci();
    String htpasswd = ExternalTool.require("htpasswd").toString();
    Path users = tmp.resolve("htpasswd");
    Files.write(users, ProcessRun.run(tmp, htpasswd, "-Bbn", "alice", "s3cret").assertSuccess()
        .stdout());
    String auth = "auth:\n  htpasswd:\n    realm: jaci-test\n    path: " + users + "\n";
    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"), auth)) {
      String ref = "docker://" + registry.host() + "/jaci/base:1";
      Map<String, String> noDockerConfig = Map.of("DOCKER_CONFIG", tmp.resolve("none").toString());
      ProcessRun refused = JaciJar.run(tmp, noDockerConfig, "convert", "--insecure", aci, ref);
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.stderr()).startsWith("jaci: ").contains("needs credentials")
          .hasLineCount(1);
      ProcessRun wrong = JaciJar.run(tmp, noDockerConfig, "convert", "--insecure", "--creds",
          "alice:wrong", aci, ref);
      assertThat(wrong.exit()).isEqualTo(1);
      assertThat(wrong.stderr()).hasLineCount(1);

      String digest = JaciJar.run(tmp, noDockerConfig, "convert", "--insecure", "--creds",
          "alice:s3cret", aci, ref).assertSuccess().out().trim();
      JsonNode inspect = JSON.readTree(skopeo("inspect", "--tls-verify=false",
          "--creds", "alice:s3cret", ref).out());
      assertThat(inspect.get("Digest").asText()).isEqualTo(digest);
    }
  }

  @Test
  void tokenRegistry_pushesWithCreds_pulledBackBySkopeo() throws Exception {
    Path aci = baseAci();
    try (TokenServer tokens = TokenServer.start(tmp, "bob", "pw")) {
      Path bundle = tokens.writeRootBundle(tmp.resolve("root.pem"));
      try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"),
          tokens.registryAuthYaml(bundle))) {
        String ref = "docker://" + registry.host() + "/tok/base:1";
        Map<String, String> env = Map.of("DOCKER_CONFIG", tmp.resolve("none").toString());
        String digest = JaciJar.run(tmp, env, "convert", "--insecure", "--creds", "bob:pw",
            aci, ref).assertSuccess().out().trim();
        Path layout = tmp.resolve("pulled");
        skopeo("copy", "--src-tls-verify=false", "--src-creds", "bob:pw", ref,
            "oci:" + layout + ":pulled");
        assertThat(JSON.readTree(layout.resolve("index.json").toFile()).get("manifests").get(0)
            .get("digest").asText()).isEqualTo(digest);
        String id = jaci("image", "import", aci).out().trim();
        assertThat(unpack(layout, "pulled")).isEqualTo(rendered(id));
      }
    }
  }

  @Test
  void failureAddingToAnExistingLayout_leavesItsIndexAsItWas() throws Exception {
    Path aci = baseAci();
    Path layout = tmp.resolve("layout");
    jaci("convert", aci, "oci:" + layout + ":one");
    byte[] index = Files.readAllBytes(layout.resolve("index.json"));
    ProcessRun missing = JaciJar.run(tmp, "--store", store, "convert", "store:example.com/none",
        "oci:" + layout + ":two");
    assertThat(missing.exit()).isEqualTo(1);
    Path broken = Files.writeString(tmp.resolve("broken.aci"), "not an image");
    assertThat(JaciJar.run(tmp, "convert", broken, "oci:" + layout + ":two").exit())
        .isEqualTo(1);
    assertThat(Files.readAllBytes(layout.resolve("index.json"))).isEqualTo(index);
    assertThat(TestImages.list(layout)).containsExactly("blobs", "index.json", "oci-layout");
  }

  @Test
  void badInput_oneLine_exit1_nothingWritten() throws Exception {
    Path aci = baseAci();
    Path layout = tmp.resolve("new-layout");
    ProcessRun missing = JaciJar.run(tmp, "--store", store, "convert", "store:example.com/none",
        "oci:" + layout);
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.stderr()).startsWith("jaci: ").hasLineCount(1);
    assertThat(layout).doesNotExist();

    ProcessRun noDir = JaciJar.run(tmp, "convert", aci,
        "docker-archive:" + tmp.resolve("no/such/dir/x.tar"));
    assertThat(noDir.exit()).isEqualTo(1);
    assertThat(noDir.stderr()).startsWith("jaci: ").hasLineCount(1);

    Path notLayout = Files.createDirectory(tmp.resolve("not-a-layout"));
    Files.writeString(notLayout.resolve("file"), "x");
    ProcessRun notOci = JaciJar.run(tmp, "convert", aci, "oci:" + notLayout);
    assertThat(notOci.exit()).isEqualTo(1);
    assertThat(notOci.stderr()).contains("not an OCI image layout").hasLineCount(1);
    assertThat(TestImages.list(notLayout)).containsExactly("file");

    Path notAci = Files.writeString(tmp.resolve("bad.aci"), "not an image");
    ProcessRun bad = JaciJar.run(tmp, "convert", notAci, "oci:" + layout);
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.stderr()).startsWith("jaci: ").hasLineCount(1);
    assertThat(layout).doesNotExist();

    ProcessRun refused = JaciJar.run(tmp, "convert", "--insecure", aci,
        "docker://127.0.0.1:" + LocalRegistry.freePort() + "/jaci/x:1");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderr()).startsWith("jaci: ").hasLineCount(1);
  }

  @Test
  void registryAnswering404or500_oneLine_exit1() throws Exception {
    Path aci = baseAci();
    for (int status : new int[] {404, 500}) {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        byte[] body = "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"broken on purpose\"}]}"
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      try {
        ProcessRun run = JaciJar.run(tmp, "convert", "--insecure", aci,
            "docker://127.0.0.1:" + server.getAddress().getPort() + "/jaci/x:1");
        assertThat(run.exit()).as("status %d", status).isEqualTo(1);
        assertThat(run.stderr()).startsWith("jaci: ").contains(String.valueOf(status))
            .hasLineCount(1);
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void aciFileWithDependencies_layeredFromTheStore_elseItsOwnFilesWithAWarning()
      throws Exception {
    chain();
    Path diff2 = tmp.resolve("diff2.aci");
    Path layout = tmp.resolve("layout");
    jaci("convert", diff2, "oci:" + layout + ":whole");
    assertThat(JSON.readTree(skopeo("inspect", "oci:" + layout + ":whole").out()).get("Layers"))
        .hasSize(3);
    ProcessRun alone = JaciJar.run(tmp, "--store", tmp.resolve("empty-store"), "convert", diff2,
        "oci:" + layout + ":alone").assertSuccess();
    assertThat(alone.stderr()).startsWith("jaci: warning: ").contains("own files")
        .hasLineCount(1);
    assertThat(JSON.readTree(skopeo("inspect", "oci:" + layout + ":alone").out()).get("Layers"))
        .hasSize(1);
  }

  // --- the images

  /** base <- diff1 <- diff2, made with begin and diff builds; returns diff2's image ID. */
  private String chain() throws IOException {
    Path work1 = tmp.resolve("work1");
    jaci("begin", baseAci(), work1, "--name", "example.com/one");
    shell(work1.resolve("rootfs"), CHANGES_1);
    Path diff1 = tmp.resolve("diff1.aci");
    String one = jaci("build", work1, diff1).out().trim();
    jaci("image", "import", diff1);
    Path work2 = tmp.resolve("work2");
    jaci("begin", one, work2, "--name", "example.com/two");
    shell(work2.resolve("rootfs"), CHANGES_2);
    Path diff2 = tmp.resolve("diff2.aci");
    String two = jaci("build", work2, diff2).out().trim();
    jaci("image", "import", diff2);
    assertThat(jaci("manifest", "cat", diff2).out()).contains("\"pathWhitelist\"");
    return two;
  }

  /**
   * A base image: other owners, setuid, a hard link, a symlink, a device, xattrs. (No FIFO:
   * begin's copy out of the tree cache hangs opening one to chmod it, a bug of TreeCopier.)
   */
  private Path baseAci() throws IOException {
    Path aci = tmp.resolve("base.aci");
    if (Files.exists(aci)) {
      return aci;
    }
    TreeMap<String, byte[]> xattrs = new TreeMap<>();
    xattrs.put("user.origin", "jaci-test".getBytes(StandardCharsets.UTF_8));
    return new TestAci(MTIME)
        .dir("rootfs", 0755)
        .dir("rootfs/bin", 0755)
        .file("rootfs/bin/tool", 04755, 0, 0, "#!/bin/sh\necho tool\n")
        .add(new TarHeader("rootfs/bin/sh", TarEntryType.SYMLINK, 0777, 0, 0, 0, MTIME,
            "tool", 0, 0, null))
        .dir("rootfs/etc", 0755)
        .file("rootfs/etc/passwd", 0644, 0, 0, "root:x:0:0::/root:/bin/sh\n")
        .file("rootfs/etc/shadow", 0640, 0, 42, "root:*:1::::::\n")
        .file("rootfs/etc/motd", 0644, 1000, 1000, "welcome\n")
        .add(new TarHeader("rootfs/etc/motd.link", TarEntryType.HARD_LINK, 0644, 1000, 1000,
            0, MTIME, "rootfs/etc/motd", 0, 0, null))
        .add(new TarHeader("rootfs/etc/tagged", TarEntryType.REGULAR, 0600, 7, 8, 0, MTIME,
            "", 0, 0, xattrs))
        .dir("rootfs/dev", 0755)
        .add(new TarHeader("rootfs/dev/null", TarEntryType.CHAR_DEVICE, 0666, 0, 0, 0,
            MTIME, "", 1, 3, null))
        .dir("rootfs/srv", 01777)
        .file("rootfs/srv/index.html", 0644, 33, 33, "<p>hi</p>\n")
        .dir("rootfs/usr", 0755)
        .dir("rootfs/usr/share", 0755)
        .dir("rootfs/usr/share/doc", 0750)
        .file("rootfs/usr/share/doc/readme", 0644, 0, 0, "read me\n")
        .write(aci, MANIFEST);
  }

  // --- running things

  private Map<String, String> rendered(String id) throws IOException {
    Path dir = tmp.resolve("rendered-" + System.nanoTime());
    // an image layout: as root a rootfs-only target is 0700, whatever the image (issue 10 item 1)
    jaci("image", "render", "--no-cache", id, dir);
    return TreeDescription.of(dir.resolve("rootfs"), true);
  }

  private Map<String, String> unpack(Path layout, String tag) throws IOException {
    Path bundle = tmp.resolve("bundle-" + System.nanoTime());
    ProcessRun.run(tmp, ExternalTool.require("umoci").toString(), "unpack", "--image",
        layout + ":" + tag, bundle.toString()).assertSuccess();
    return TreeDescription.of(bundle.resolve("rootfs"), true);
  }

  private ProcessRun jaci(Object... args) {
    List<Object> all = new ArrayList<>(List.of("--store", store));
    all.addAll(List.of(args));
    return JaciJar.run(tmp, all.toArray()).assertSuccess();
  }

  private ProcessRun skopeo(String... args) {
    List<String> cmd = new ArrayList<>(List.of(ExternalTool.require("skopeo").toString()));
    cmd.addAll(List.of(args));
    return ProcessRun.run(tmp, Map.of(), cmd).assertSuccess();
  }

  private void shell(Path dir, String script) {
    ProcessRun.run(dir, ExternalTool.require("sh").toString(), "-c", script).assertSuccess();
  }
}
