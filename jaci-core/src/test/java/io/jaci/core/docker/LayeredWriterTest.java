package io.jaci.core.docker;

import static io.jaci.core.docker.TestLayers.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.extract.TreeExtractor;
import io.jaci.core.registry.Digest;
import io.jaci.core.render.DependencyResolver;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredWriterTest {
  private static final String PASSWD = "root:x:0:0::/root:/bin/sh\nredis:x:999:998::/:/bin/sh\n";

  @TempDir
  Path tmp;

  private final byte[] l0 = layer().dir("etc").file("etc/passwd", PASSWD)
      .file("etc/group", "root:x:0:\nredis:x:998:\n").dir("d").file("d/f", "f")
      .file("d/g", "g").dir("opq").file("opq/old", "old").file("keep", "k").tar();
  private final byte[] l1 = layer().whiteout("d/g").dir("opq").opaque("opq")
      .file("opq/new", "new").file("p", "p").tar();
  private final byte[] l2 = layer().dir("etc").file("etc/x", "x").tar();

  /** An image whose layer opens are counted in {@code opens}. */
  private static SourceImage image(String tag, AtomicInteger[] opens, byte[]... tars) {
    List<byte[]> list = List.of(tars);
    SourceImage plain = TestLayers.image(new ImageOrigin("registry.example.com", "team/app",
        tag), TestLayers.config("redis", list), list);
    List<Long> sizes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < tars.length; i++) {
      sizes.add(-1L);
      names.add("layer " + i);
    }
    return new OpenedImage(plain.origin(), Digest.sha256(tag.getBytes(StandardCharsets.UTF_8)),
        plain.config(), sizes, names, i -> {
          opens[i].incrementAndGet();
          return new ByteArrayInputStream(TestLayers.gzip(tars[i]));
        }, true, () -> {});
  }

  private static AtomicInteger[] counters(int n) {
    AtomicInteger[] c = new AtomicInteger[n];
    for (int i = 0; i < n; i++) {
      c[i] = new AtomicInteger();
    }
    return c;
  }

  @Test
  void renderingTheTop_givesTheSquashedTree() throws Exception {
    try (ImageStore store = ImageStore.open(tmp.resolve("store"))) {
      SourceImage image = image("1.0", counters(3), l0, l1, l2);
      DockerToAci.Result r = DockerToAci.layered(image, new StoreLayerSink(store),
          ProgressListener.NONE);
      assertThat(r.layers()).hasSize(3);
      assertThat(r.converted()).isEqualTo(3);

      Path rendered = Files.createDirectory(tmp.resolve("rendered"));
      ImageRenderer.of(StoreImages.of(store)).render(r.layers().get(2), rendered, true);
      Path squashed = Files.createDirectory(tmp.resolve("squashed"));
      TreeExtractor.into(squashed).extract(new ByteArrayInputStream(
          SquashWriterTest.squashedTar(l0, l1, l2)));
      assertThat(listing(rendered)).isEqualTo(listing(squashed))
          .containsKeys("d/f", "opq/new", "keep", "p", "etc/x")
          .doesNotContainKeys("d/g", "opq/old");
    }
  }

  @Test
  void manifests_chainByImageId_whitelistOnlyWhereALayerDeletes() throws Exception {
    try (ImageStore store = ImageStore.open(tmp.resolve("store"))) {
      DockerToAci.Result r = DockerToAci.layered(image("1.0", counters(3), l0, l1, l2),
          new StoreLayerSink(store), ProgressListener.NONE);
      List<ImageManifest> m = new ArrayList<>();
      for (ImageId id : r.layers()) {
        m.add(store.get(id).orElseThrow().manifest());
      }
      assertThat(m.get(0).dependencies()).isEmpty();
      assertThat(m.get(0).name().value()).startsWith("docker-layer/sha256-");
      assertThat(m.get(0).pathWhitelist().isEmpty()).isTrue();
      assertThat(m.get(1).dependencies().get(0).imageID()).contains(r.layers().get(0));
      assertThat(m.get(1).dependencies().get(0).imageName()).isEqualTo(m.get(0).name());
      assertThat(m.get(1).pathWhitelist().asList()).containsExactly("/d", "/d/f", "/etc",
          "/etc/group", "/etc/passwd", "/keep", "/opq", "/opq/new", "/p");
      assertThat(m.get(2).pathWhitelist().isEmpty()).isTrue();
      assertThat(m.get(2).dependencies().get(0).imageID()).contains(r.layers().get(1));
      assertThat(m.get(2).name().value()).isEqualTo("registry.example.com/team/app");
      assertThat(m.get(2).app().orElseThrow().user()).isEqualTo("999");
      assertThat(m.get(2).app().orElseThrow().group()).isEqualTo("998");
      assertThat(m.get(0).app()).isEmpty();
    }
  }

  @Test
  void secondImageSharingBaseLayers_opensAndConvertsOnlyItsNewLayer() throws Exception {
    byte[] other = layer().dir("etc").file("etc/y", "y").tar();
    try (ImageStore store = ImageStore.open(tmp.resolve("store"))) {
      DockerToAci.layered(image("1.0", counters(3), l0, l1, l2), new StoreLayerSink(store),
          ProgressListener.NONE);
      AtomicInteger[] opens = counters(3);
      DockerToAci.Result second = DockerToAci.layered(image("2.0", opens, l0, l1, other),
          new StoreLayerSink(store), ProgressListener.NONE);
      assertThat(second.converted()).isEqualTo(1);
      assertThat(opens[0].get()).isZero();
      assertThat(opens[1].get()).isZero();
      assertThat(opens[2].get()).isEqualTo(1);
      // the user database came from the cached base layer, read back from the store
      assertThat(second.manifest().app().orElseThrow().user()).isEqualTo("999");
      Path rendered = Files.createDirectory(tmp.resolve("rendered"));
      ImageRenderer.of(StoreImages.of(store)).render(second.layers().get(2), rendered, true);
      assertThat(listing(rendered)).containsKeys("etc/y", "opq/new", "p")
          .doesNotContainKeys("etc/x", "d/g", "opq/old");

      AtomicInteger[] again = counters(3);
      DockerToAci.Result same = DockerToAci.layered(image("2.0", again, l0, l1, other),
          new StoreLayerSink(store), ProgressListener.NONE);
      assertThat(same.converted()).isZero();
      assertThat(same.layers()).isEqualTo(second.layers());
      assertThat(again[2].get()).isZero();
    }
  }

  @Test
  void chainIds_followTheOciDefinition() {
    Digest a = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
    Digest b = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));
    List<Digest> chain = LayeredWriter.chainIds(List.of(a, b));
    assertThat(chain.get(0)).isEqualTo(a);
    assertThat(chain.get(1)).isEqualTo(Digest.sha256((a + " " + b)
        .getBytes(StandardCharsets.US_ASCII)));
  }

  /** Path to type, mode and content or link target. */
  static Map<String, String> listing(Path root) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(root)) {
          continue;
        }
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid",
            LinkOption.NOFOLLOW_LINKS);
        String d = Integer.toOctalString((Integer) a.get("mode")) + " " + a.get("uid") + ":"
            + a.get("gid");
        if (Files.isSymbolicLink(p)) {
          d += " -> " + Files.readSymbolicLink(p);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          d += " " + Files.readString(p);
        }
        m.put(root.relativize(p).toString(), d);
      }
    }
    return m;
  }

  /**
   * Issue 10, item 7: a 2,000-layer image was imported as a chain that nothing could render;
   * now it is refused before any layer is read or stored.
   */
  @Test
  void moreLayersThanRenderTakes_item7_isRefusedBeforeImportingAnything() throws Exception {
    byte[][] tars = new byte[DependencyResolver.MAX_LAYERS + 1][];
    for (int i = 0; i < tars.length; i++) {
      tars[i] = layer().file("f" + i, "x").tar();
    }
    AtomicInteger[] opens = counters(tars.length);
    SourceImage image = image("deep", opens, tars);
    try (ImageStore store = ImageStore.open(tmp.resolve("store"))) {
      assertThatThrownBy(() -> DockerToAci.layered(image, new StoreLayerSink(store),
          ProgressListener.NONE))
          .isInstanceOf(JaciException.class)
          .hasMessage("the image has 1001 layers; layered, that is a chain of as many ACIs, "
              + "and jaci renders at most 1000: convert it squashed");
      assertThat(store.list()).isEmpty();
    }
    assertThat(Stream.of(opens).mapToInt(AtomicInteger::get).sum()).isZero();
  }
}
