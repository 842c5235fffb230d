package io.jaci.core.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.registry.Digest;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored images with dependencies and path whitelists, converted to an OCI layout: applying
 * its layers the way the OCI image spec says (entries overwrite, a directory over a directory
 * merges, {@code .wh.NAME} deletes NAME of the layers below) must give the tree that jaci's
 * renderer writes to disk. Trees are path -> "file:CONTENT", "dir" or "link:TARGET".
 */
class AciToOciTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;
  private ImageStore store;
  private final Map<String, ImageId> ids = new TreeMap<>();

  @BeforeEach
  void openStore() throws Exception {
    store = ImageStore.open(tmp.resolve("store"));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void chain_deletionsOfBothLowerImages_becomeWhiteouts() throws Exception {
    image("base", "", "/a/x=x", "/a/y=y", "/b/z=z", "/keep=k", "/lib=dir");
    image("mid", deps("base") + whitelist("/a/x", "/keep", "/m", "/lib"), "/m=m");
    ImageId top = image("top", deps("mid") + whitelist("/a/x", "/t", "/lib"), "/t=t",
        "/a/x=new x");
    Map<String, String> rendered = render(top);
    assertThat(rendered).containsEntry("a/x", "file:new x").doesNotContainKeys("keep", "m", "b");

    Path layout = convert(top, "layout");
    assertThat(unpack(layout)).isEqualTo(rendered);
    List<List<String>> layers = layerEntries(layout);
    assertThat(layers).hasSize(3);
    assertThat(layers.get(1)).contains("a/.wh.y", ".wh.b").doesNotContain("a/y", "b/z");
    assertThat(layers.get(2)).contains(".wh.keep", ".wh.m");
  }

  @Test
  void siblings_aWhitelistFiltersItsOwnSubtreeOnly_asTheRendererDoes() throws Exception {
    // A -> [B, C], C -> [D]: order B, D, C, A. C's whitelist leaves out B's files, which stay
    image("b", "", "/b=from b", "/shared/b=b");
    image("d", "", "/d=from d", "/gone=d", "/shared/d=d");
    image("c", deps("d") + whitelist("/d", "/c", "/shared/d"), "/c=from c");
    ImageId a = image("a", deps("b", "c"), "/a=from a");
    Map<String, String> rendered = render(a);
    assertThat(rendered).containsKeys("b", "shared/b", "d", "shared/d", "c", "a")
        .doesNotContainKey("gone");
    assertThat(unpack(convert(a, "layout"))).isEqualTo(rendered);
  }

  @Test
  void diamond_theSharedImageLaidTwice_eachTimeFilteredByItsPath() throws Exception {
    // A -> [B, C], B -> [D], C -> [D]: D, B, D, C, A; B drops /d2, C drops /d1
    image("d", "", "/d1=1", "/d2=2", "/d3=3");
    image("b", deps("d") + whitelist("/d1", "/d3", "/b"), "/b=b");
    image("c", deps("d") + whitelist("/d2", "/d3", "/c"), "/c=c");
    ImageId a = image("a", deps("b", "c"), "/a=a");
    Map<String, String> rendered = render(a);
    assertThat(unpack(convert(a, "layout"))).isEqualTo(rendered);
    assertThat(layerEntries(convert(a, "again"))).hasSize(5);
  }

  @Test
  void aSiblingsFileThatComesBack_isLaidDownAgain() throws Exception {
    // A -> [B, C], C -> [D]: B lays /x and /dir/y, D's /x and /dir (a file) replace them in
    // D's layer, but C's whitelist drops both of D's: B's must be there again after C's
    // layer, which no whiteout can do, so C's layer carries copies of them
    image("b", "", "/x=from b", "/dir/y=y of b", "/dir/z=dir");
    image("d", "", "/x=from d", "/dir=a file of d", "/kept=d");
    image("c", deps("d") + whitelist("/c", "/kept"), "/c=c");
    ImageId a = image("a", deps("b", "c"), "/a=a");
    Map<String, String> rendered = render(a);
    assertThat(rendered).containsEntry("x", "file:from b").containsEntry("dir/y", "file:y of b")
        .containsEntry("dir/z", "dir").containsEntry("kept", "file:d");
    Path layout = convert(a, "layout");
    assertThat(unpack(layout)).isEqualTo(rendered);
    assertThat(layerEntries(layout).get(2)).startsWith("dir", "dir/y", "dir/z", "x");
    // squashed, it is one layer of the same tree
    Path flat = tmp.resolve("flat");
    try (OciLayoutSink sink = OciLayoutSink.open(flat, "t")) {
      AciToOci.of(StoreImages.of(store), a).squash(true).writeTo(sink);
    }
    assertThat(layerEntries(flat)).hasSize(1);
    assertThat(unpack(flat)).isEqualTo(rendered);
  }

  @Test
  void sameInputTwice_sameDigests() throws Exception {
    image("base", "", "/a/x=x", "/a/y=y");
    ImageId top = image("top", deps("base") + whitelist("/a/x", "/t"), "/t=t");
    Digest first;
    try (OciLayoutSink sink = OciLayoutSink.open(tmp.resolve("one"), "t")) {
      first = AciToOci.of(StoreImages.of(store), top).writeTo(sink);
    }
    Digest second;
    try (OciLayoutSink sink = OciLayoutSink.open(tmp.resolve("two"), "t")) {
      second = AciToOci.of(StoreImages.of(store), top).writeTo(sink);
    }
    assertThat(second).isEqualTo(first);
    assertThat(list(tmp.resolve("two/blobs/sha256")))
        .isEqualTo(list(tmp.resolve("one/blobs/sha256")));
    assertThat(list(tmp.resolve("one"))).containsExactly("blobs", "index.json", "oci-layout");
  }

  /**
   * Issue 10, item 4: whitelisted hard links to a file the whitelist leaves out keep its
   * content in the OCI layer as in the render (the file under the first name, the other
   * linked to it), where the layer used to leave them out.
   */
  @Test
  void whitelistedHardLinksToALeftOutFile_item4_keepTheContentAsRendered() throws Exception {
    Path layout = tmp.resolve("layouts/linked");
    Path rootfs = Files.createDirectories(layout.resolve("rootfs"));
    Files.writeString(rootfs.resolve("a"), "content");
    Files.createLink(rootfs.resolve("b"), rootfs.resolve("a"));
    Files.createLink(rootfs.resolve("c"), rootfs.resolve("a"));
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/linked\"" + whitelist("/b", "/c")
        + "}");
    Path aci = tmp.resolve("linked.aci");
    AciBuilder.fromLayout(layout).sourceDateEpoch(1_600_000_000L).build(aci);
    ImageId id = store.importAci(aci, ProgressListener.NONE).id();

    Map<String, String> rendered = render(id);
    assertThat(rendered).containsOnlyKeys("b", "c").containsEntry("b", "file:content")
        .containsEntry("c", "file:content");
    Path converted = convert(id, "layout");
    assertThat(unpack(converted)).isEqualTo(rendered);
    assertThat(layerEntries(converted)).containsExactly(List.of(".", "b", "c"));
  }

  // --- images and trees

  private ImageId image(String name, String manifestExtra, String... files) throws Exception {
    Path layout = tmp.resolve("layouts").resolve(name);
    Path rootfs = Files.createDirectories(layout.resolve("rootfs"));
    for (String f : files) {
      String[] kv = f.split("=", 2);
      Path p = rootfs.resolve(kv[0].substring(1));
      Files.createDirectories(p.getParent());
      if (kv[1].equals("dir")) {
        Files.createDirectories(p);
      } else {
        Files.writeString(p, kv[1]);
      }
    }
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/" + name + "\"" + manifestExtra + "}");
    Path aci = tmp.resolve(name + ".aci");
    AciBuilder.fromLayout(layout).sourceDateEpoch(1_600_000_000L).build(aci);
    ImageId id = store.importAci(aci, ProgressListener.NONE).id();
    ids.put(name, id);
    return id;
  }

  private String dep(String name) {
    return "{\"imageName\":\"example.com/" + name + "\",\"imageID\":\"" + ids.get(name) + "\"}";
  }

  private String deps(String... names) {
    List<String> d = new ArrayList<>();
    for (String n : names) {
      d.add(dep(n));
    }
    return ",\"dependencies\":[" + String.join(",", d) + "]";
  }

  private static String whitelist(String... paths) {
    return ",\"pathWhitelist\":[\"" + String.join("\",\"", paths) + "\"]";
  }

  private Map<String, String> render(ImageId id) throws Exception {
    Path dir = tmp.resolve("rendered-" + System.nanoTime());
    ImageRenderer.of(StoreImages.of(store)).render(id, dir, true);
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = dir.relativize(p).toString();
        if (rel.isEmpty()) {
          continue;
        }
        tree.put(rel, Files.isSymbolicLink(p) ? "link:" + Files.readSymbolicLink(p)
            : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
            : "file:" + Files.readString(p));
      }
    }
    return tree;
  }

  private Path convert(ImageId id, String name) throws Exception {
    Path layout = tmp.resolve(name);
    try (OciLayoutSink sink = OciLayoutSink.open(layout, "t")) {
      AciToOci.of(StoreImages.of(store), id).writeTo(sink);
    }
    return layout;
  }

  /** The layers of the layout's only image, each as its entry names in order. */
  private static List<Path> layerFiles(Path layout) throws IOException {
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    String manifest = index.get("manifests").get(0).get("digest").asText();
    JsonNode m = JSON.readTree(blob(layout, manifest).toFile());
    List<Path> files = new ArrayList<>();
    for (JsonNode l : m.get("layers")) {
      files.add(blob(layout, l.get("digest").asText()));
    }
    return files;
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static List<List<String>> layerEntries(Path layout) throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (Path f : layerFiles(layout)) {
      List<String> names = new ArrayList<>();
      try (TarReader r = new TarReader(new GZIPInputStream(Files.newInputStream(f)))) {
        for (TarEntry e = r.next(); e != null; e = r.next()) {
          names.add(e.name().replaceAll("/$", ""));
        }
      }
      out.add(names);
    }
    return out;
  }

  /** Applies the layers as the OCI image spec's "Applying Changesets" says, to a map. */
  private static Map<String, String> unpack(Path layout) throws IOException {
    TreeMap<String, String> tree = new TreeMap<>();
    for (Path f : layerFiles(layout)) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(f));
          TarReader r = new TarReader(in)) {
        for (TarEntry e = r.next(); e != null; e = r.next()) {
          String name = e.name().replaceAll("/$", "").replaceAll("^\\./", "");
          if (name.equals(".")) {
            continue;
          }
          int slash = name.lastIndexOf('/');
          String base = name.substring(slash + 1);
          if (base.startsWith(".wh.")) {
            remove(tree, name.substring(0, slash + 1) + base.substring(4));
            continue;
          }
          String value = switch (e.header().type()) {
            case DIRECTORY -> "dir";
            case SYMLINK -> "link:" + e.header().linkName();
            case HARD_LINK -> tree.get(e.header().linkName());
            default -> "file:" + new String(r.content().readAllBytes(), StandardCharsets.UTF_8);
          };
          if (!(value.equals("dir") && "dir".equals(tree.get(name)))) {
            remove(tree, name);
          }
          tree.put(name, value);
        }
      }
    }
    return tree;
  }

  private static void remove(TreeMap<String, String> tree, String path) {
    tree.remove(path);
    tree.subMap(path + "/", path + "0").clear();
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
