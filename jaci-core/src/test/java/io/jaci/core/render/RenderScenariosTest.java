package io.jaci.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.ProgressListener;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appc spec's rendering rules on small images built with jaci, imported into a real
 * store and rendered: each expected tree is written out by hand from the spec's text.
 * A tree is described as path -> "file:CONTENT", "dir" or "link:TARGET". Subclasses build
 * the ACIs with jaci and with the reference actool.
 */
abstract class RenderScenariosTest {
  @TempDir
  Path tmp;

  private ImageStore store;
  private final Map<String, ImageId> ids = new TreeMap<>();

  @BeforeEach
  void openStore() throws Exception {
    store = ImageStore.open(tmp.resolve("store"));
  }

  @AfterEach
  void closeStore() throws Exception {
    store.close();
  }

  /** An image {@code name} whose rootfs holds {@code files}; extra manifest JSON after name. */
  private ImageId image(String name, String manifestExtra, String... files) throws Exception {
    Path layout = tmp.resolve("layouts").resolve(name);
    Path rootfs = Files.createDirectories(layout.resolve("rootfs"));
    for (String f : files) {
      String[] kv = f.split("=", 2);
      Path p = rootfs.resolve(kv[0].substring(1));
      if (kv[1].equals("dir")) {
        Files.createDirectories(p);
      } else if (kv[1].startsWith("link:")) {
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(kv[1].substring(5)));
      } else {
        Files.createDirectories(p.getParent());
        Files.writeString(p, kv[1]);
      }
    }
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/" + name + "\"" + manifestExtra + "}");
    Path aci = tmp.resolve(name + ".aci");
    buildAci(layout, aci);
    StoredImage stored = store.importAci(aci, ProgressListener.NONE);
    ids.put(name, stored.id());
    return stored.id();
  }

  /** Builds the ACI {@code out} from the image layout {@code layout}. */
  abstract void buildAci(Path layout, Path out) throws Exception;

  private String deps(String... names) {
    List<String> d = new ArrayList<>();
    for (String n : names) {
      d.add(n.startsWith("#") // by ID
          ? "{\"imageName\":\"example.com/" + n.substring(1) + "\",\"imageID\":\""
              + ids.get(n.substring(1)) + "\"}"
          : "{\"imageName\":\"example.com/" + n + "\"}");
    }
    return ",\"dependencies\":[" + String.join(",", d) + "]";
  }

  private static String whitelist(String... paths) {
    return ",\"pathWhitelist\":[\"" + String.join("\",\"", paths) + "\"]";
  }

  private Map<String, String> render(ImageId id, boolean cached) throws Exception {
    ImageRenderer r = ImageRenderer.of(StoreImages.of(store));
    if (cached) {
      r.treeCache(new TreeCache(store.treesDirectory()));
    }
    Path out = tmp.resolve("out-" + System.nanoTime());
    r.render(id, out, true);
    return describe(out);
  }

  static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(p -> !p.equals(root)).toList()) {
        String name = "/" + root.relativize(p);
        if (Files.isSymbolicLink(p)) {
          tree.put(name, "link:" + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(name, "dir");
        } else {
          tree.put(name, "file:" + Files.readString(p));
        }
      }
    }
    return tree;
  }

  private void assertRenders(ImageId id, Map<String, String> expected) throws Exception {
    assertThat(render(id, false)).isEqualTo(expected);
    // through the tree cache: rendered once, then copied from the cache
    assertThat(render(id, true)).isEqualTo(expected);
    assertThat(render(id, true)).isEqualTo(expected);
  }

  @Test
  void upperFileOverridesLowerFile() throws Exception {
    image("b", "", "/a=from b", "/only-b=b");
    ImageId a = image("a", deps("b"), "/a=from a");
    assertRenders(a, Map.of("/a", "file:from a", "/only-b", "file:b"));
  }

  @Test
  void upperFileReplacesLowerDirectoryWithItsContents() throws Exception {
    image("b", "", "/d/x=x", "/d/y/z=z");
    ImageId a = image("a", deps("b"), "/d=now a file");
    assertRenders(a, Map.of("/d", "file:now a file"));
  }

  @Test
  void upperDirectoryReplacesLowerSymlink_whichIsNotFollowed() throws Exception {
    image("b", "", "/usr/lib/x=x", "/lib=link:usr/lib");
    ImageId a = image("a", deps("b"), "/lib/y=y");
    assertRenders(a, Map.of("/usr", "dir", "/usr/lib", "dir", "/usr/lib/x", "file:x",
        "/lib", "dir", "/lib/y", "file:y"));
  }

  @Test
  void whitelistOnlyInTheImage_filtersItsDependencies() throws Exception {
    image("b", "", "/b1=1", "/b2=2", "/etc/keep=k", "/etc/drop=d");
    ImageId a = image("a", deps("b") + whitelist("/a", "/b1", "/etc/keep"), "/a=a");
    assertRenders(a, Map.of("/a", "file:a", "/b1", "file:1", "/etc", "dir",
        "/etc/keep", "file:k"));
  }

  @Test
  void whitelistOnlyInTheDependency_filtersOnlyTheDependency() throws Exception {
    image("b", whitelist("/b1"), "/b1=1", "/b2=2");
    ImageId a = image("a", deps("b"), "/a=a", "/a2=a2");
    assertRenders(a, Map.of("/a", "file:a", "/a2", "file:a2", "/b1", "file:1"));
  }

  @Test
  void twoDependencies_theLaterOneWins() throws Exception {
    image("b", "", "/x=b", "/b=b");
    image("c", "", "/x=c", "/c=c");
    ImageId a = image("a", deps("b", "#c"));
    assertRenders(a, Map.of("/x", "file:c", "/b", "file:b", "/c", "file:c"));
  }

  @Test
  void threeImages_dependenciesDepthFirst_BthenDthenCthenA() throws Exception {
    image("b", "", "/z=b", "/w=b");
    image("d", "", "/y=d", "/z=d");
    image("c", deps("d"), "/y=c");
    ImageId a = image("a", deps("#b", "c"), "/w=a");
    // order B, D, C, A: D overwrites B's /z, C overwrites D's /y, A overwrites B's /w
    assertRenders(a, Map.of("/z", "file:d", "/y", "file:c", "/w", "file:a"));
  }

  @Test
  void diamond_sharedDependencyComesThroughBothPaths() throws Exception {
    image("d", "", "/d=d", "/shared=d");
    image("b", deps("d"), "/b=b");
    image("c", deps("d"), "/c=c", "/shared=c");
    ImageId a = image("a", deps("b", "c"));
    assertRenders(a, Map.of("/d", "file:d", "/b", "file:b", "/c", "file:c",
        "/shared", "file:c"));
  }

  @Test
  void siblingsWhitelistDoesNotFilterTheOtherSibling() throws Exception {
    // the reference Go renderer drops /c here; the spec filters a layer by its own and its
    // ancestors' whitelists only
    image("b", whitelist("/b"), "/b=b", "/bb=bb");
    image("c", "", "/c=c");
    ImageId a = image("a", deps("b", "c"), "/a=a");
    assertRenders(a, Map.of("/a", "file:a", "/b", "file:b", "/c", "file:c"));
  }

  @Test
  void deletionThroughTheUpperWhitelist_asDiffBuildsWriteIt() throws Exception {
    image("base", "", "/etc/passwd=root", "/etc/motd=hello", "/bin/sh=sh");
    ImageId diff = image("diff", deps("#base")
        + whitelist("/etc", "/etc/passwd", "/bin", "/bin/sh", "/new"), "/new=new");
    assertRenders(diff, Map.of("/etc", "dir", "/etc/passwd", "file:root", "/bin", "dir",
        "/bin/sh", "file:sh", "/new", "file:new"));
  }
}
