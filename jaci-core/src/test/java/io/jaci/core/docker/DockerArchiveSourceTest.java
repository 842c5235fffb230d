package io.jaci.core.docker;

import static io.jaci.core.docker.TestLayers.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.convert.ImageLocation;
import io.jaci.core.image.MediaTypes;
import io.jaci.core.image.Platform;
import io.jaci.core.registry.Digest;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker save archives made in the test: the manifest.json layout and the legacy one. */
class DockerArchiveSourceTest {
  private static final String SYMLINK = "symlink:";

  @TempDir
  Path tmp;

  private final byte[] base = layer().dir("etc").file("etc/passwd", "root:x:0:0::/:/bin/sh\n"
      + "app:x:1000:1001::/:/bin/sh\n").file("etc/old", "old").tar();
  private final byte[] top = layer().whiteout("etc/old").file("etc/new", "new").tar();

  private static String diffIds(byte[]... layers) {
    StringBuilder b = new StringBuilder();
    for (byte[] l : layers) {
      b.append(b.length() == 0 ? "" : ",").append('"').append(Digest.sha256(l)).append('"');
    }
    return b.toString();
  }

  private String config(byte[]... layers) {
    return "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"app\","
        + "\"Cmd\":[\"/bin/app\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
        + diffIds(layers) + "]}}";
  }

  private Path archive(Map<String, byte[]> files) throws Exception {
    Path file = tmp.resolve("image.tar");
    try (OutputStream out = Files.newOutputStream(file)) {
      TarWriter tar = new TarWriter(out);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        if (f.getKey().startsWith(SYMLINK)) {
          tar.write(new TarHeader(f.getKey().substring(SYMLINK.length()), TarEntryType.SYMLINK,
              0777, 0, 0, 0, 0, new String(f.getValue(), StandardCharsets.UTF_8), 0, 0, null));
          continue;
        }
        tar.write(new TarHeader(f.getKey(), TarEntryType.REGULAR, 0644, 0, 0,
            f.getValue().length, 0, "", 0, 0, null), new ByteArrayInputStream(f.getValue()));
      }
      tar.finish();
    }
    return file;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, String> convert(Path file, String tag) throws Exception {
    try (SourceImage image = ImageSources.open(new ImageLocation.DockerArchive(file, tag),
        () -> null, Platform.parse("linux/amd64"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      TarWriter tar = new TarWriter(out);
      DockerToAci.Result r = DockerToAci.squashed(image, tar, ProgressListener.NONE);
      tar.finish();
      assertThat(r.manifest().app().orElseThrow().user()).isEqualTo("1000");
      assertThat(r.manifest().app().orElseThrow().group()).isEqualTo("1001");
      Map<String, String> rootfs = TestLayers.rootfs(out.toByteArray());
      rootfs.put("name", r.manifest().name().value());
      rootfs.put("version", r.manifest().labels().get("version").orElse("-"));
      return rootfs;
    }
  }

  private Map<String, byte[]> manifestJsonLayout(byte[] config) {
    String configName = Digest.sha256(config).hex() + ".json";
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("manifest.json", utf8("[{\"Config\":\"" + configName + "\",\"RepoTags\":"
        + "[\"example.com/team/app:2.1\"],\"Layers\":[\"aaa/layer.tar\",\"bbb/layer.tar\"]}]"));
    files.put(configName, config);
    files.put("aaa/layer.tar", base);
    files.put("bbb/layer.tar", TestLayers.gzip(top));
    return files;
  }

  @Test
  void manifestJsonLayout_isConverted() throws Exception {
    Map<String, String> rootfs = convert(archive(manifestJsonLayout(utf8(config(base, top)))),
        null);
    assertThat(rootfs).containsKeys("etc", "etc/passwd", "etc/new").doesNotContainKey("etc/old")
        .containsEntry("name", "example.com/team/app").containsEntry("version", "2.1");
  }

  @Test
  void manifestJsonLayout_selectsByRepoTag_andNamesTheTagsItHas() throws Exception {
    Path file = archive(manifestJsonLayout(utf8(config(base, top))));
    assertThat(convert(file, "example.com/team/app:2.1")).containsKey("etc/new");
    assertThatThrownBy(() -> convert(file, "other:1")).isInstanceOf(JaciException.class)
        .hasMessageContaining("no image tagged \"other:1\" (it has example.com/team/app:2.1)");
  }

  @Test
  void layerNotMatchingItsDiffId_isRefused() throws Exception {
    byte[] tampered = layer().dir("etc").file("etc/passwd", "evil").tar();
    Map<String, byte[]> files = manifestJsonLayout(utf8(config(base, top)));
    files.put("aaa/layer.tar", tampered);
    Path file = archive(files);
    assertThatThrownBy(() -> convert(file, null)).isInstanceOf(JaciException.class)
        .hasMessageContaining("aaa/layer.tar").hasMessageContaining("does not match its digest");
  }

  // issue 10, item 2: the layers must match the config's diff_ids one to one
  @Test
  void item2_moreLayersThanDiffIds_isRefused() throws Exception {
    Map<String, byte[]> files = manifestJsonLayout(utf8(config(base)));
    Path file = archive(files);
    assertThatThrownBy(() -> convert(file, null)).isInstanceOf(JaciException.class)
        .hasMessageContaining("manifest.json lists 2 layers")
        .hasMessageContaining("diff_ids has 1");
  }

  @Test
  void item2_fewerLayersThanDiffIds_isRefused() throws Exception {
    Map<String, byte[]> files = manifestJsonLayout(utf8(config(base, top, top)));
    Path file = archive(files);
    assertThatThrownBy(() -> convert(file, null)).isInstanceOf(JaciException.class)
        .hasMessageContaining("manifest.json lists 2 layers")
        .hasMessageContaining("diff_ids has 3");
  }

  @Test
  void item2_configWithoutDiffIds_isRefused() throws Exception {
    Map<String, byte[]> files = manifestJsonLayout(utf8(config()));
    Path file = archive(files);
    assertThatThrownBy(() -> convert(file, null)).isInstanceOf(JaciException.class)
        .hasMessageContaining("diff_ids has 0");
  }

  @Test
  void configNotMatchingItsName_isRefused() throws Exception {
    Map<String, byte[]> files = manifestJsonLayout(utf8(config(base, top)));
    String name = new String(files.get("manifest.json"), StandardCharsets.UTF_8)
        .replaceAll(".*\"Config\":\"([^\"]+)\".*", "$1");
    files.put(name, utf8(config(base, top).replace("/bin/app", "/bin/evil")));
    Path file = archive(files);
    assertThatThrownBy(() -> convert(file, null)).hasMessageContaining("does not match its"
        + " digest");
  }

  @Test
  void legacyLayout_followsTheParentChain() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("repositories", utf8("{\"team/app\":{\"1.0\":\"" + "b".repeat(64) + "\"}}"));
    files.put("a".repeat(64) + "/json", utf8("{\"id\":\"" + "a".repeat(64) + "\"}"));
    files.put("a".repeat(64) + "/layer.tar", base);
    files.put("b".repeat(64) + "/json", utf8("{\"id\":\"" + "b".repeat(64) + "\",\"parent\":\""
        + "a".repeat(64) + "\",\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":"
        + "{\"User\":\"app\"}}"));
    files.put("c".repeat(64) + "/layer.tar", top);
    // old docker save links a layer.tar that another layer has too
    files.put(SYMLINK + "b".repeat(64) + "/layer.tar", utf8("../" + "c".repeat(64)
        + "/layer.tar"));
    Map<String, String> rootfs = convert(archive(files), "team/app:1.0");
    assertThat(rootfs).containsKeys("etc/passwd", "etc/new").doesNotContainKey("etc/old")
        .containsEntry("name", "team/app").containsEntry("version", "1.0");
  }

  @Test
  void ociLayoutInATar_isReadAsALayout() throws Exception {
    byte[] config = utf8(config(base));
    byte[] layerGz = TestLayers.gzip(base);
    byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
        + "\"digest\":\"" + Digest.sha256(config) + "\",\"size\":" + config.length + "},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + Digest.sha256(layerGz) + "\",\"size\":" + layerGz.length + "}]}");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("oci-layout", utf8("{\"imageLayoutVersion\":\"1.0.0\"}"));
    files.put("index.json", utf8("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + Digest.sha256(manifest) + "\",\"size\":"
        + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v3\"}}]}"));
    for (byte[] blob : List.of(config, layerGz, manifest)) {
      files.put("blobs/sha256/" + Digest.sha256(blob).hex(), blob);
    }
    Map<String, String> rootfs = convert(archive(files), "v3");
    assertThat(rootfs).containsKeys("etc/passwd", "etc/old").containsEntry("name", "image")
        .containsEntry("version", "v3");
  }

  @Test
  void notAnArchive_saysSo() throws Exception {
    Path file = Files.writeString(tmp.resolve("junk.tar"), "junk");
    assertThatThrownBy(() -> convert(file, null)).isInstanceOf(JaciException.class)
        .hasMessageContaining("junk.tar");
  }
}
