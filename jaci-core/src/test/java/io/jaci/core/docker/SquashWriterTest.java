package io.jaci.core.docker;

import static io.jaci.core.docker.TestLayers.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SquashWriterTest {
  private static Map<String, String> squash(byte[]... layers) throws Exception {
    return TestLayers.rootfs(squashedTar(layers));
  }

  static byte[] squashedTar(byte[]... layers) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter tar = new TarWriter(out);
    DockerToAci.squashed(TestLayers.image(List.of(layers)), tar, ProgressListener.NONE);
    tar.finish();
    return out.toByteArray();
  }

  @Test
  void upperFileWins_andWhiteoutDeletesFileAndDirectory() throws Exception {
    byte[] base = layer().dir("etc").file("etc/a", "old a").file("etc/b", "b")
        .dir("var").dir("var/cache").file("var/cache/x", "x").tar();
    byte[] upper = layer().dir("etc").file("etc/a", "new a").whiteout("etc/b")
        .whiteout("var/cache").tar();
    assertThat(squash(base, upper)).containsOnly(
        entry("etc", "directory 755 0:0"),
        entry("etc/a", "regular 644 0:0 \"new a\""),
        entry("var", "directory 755 0:0"));
  }

  @Test
  void opaqueDirectory_hidesLowerContent_keepsItsOwn() throws Exception {
    byte[] base = layer().dir("opq").file("opq/old", "1").dir("opq/sub").file("opq/sub/y", "2")
        .file("keep", "k").tar();
    byte[] upper = layer().dir("opq").opaque("opq").file("opq/new", "3").tar();
    assertThat(squash(base, upper)).containsOnly(
        entry("opq", "directory 755 0:0"),
        entry("opq/new", "regular 644 0:0 \"3\""),
        entry("keep", "regular 644 0:0 \"k\""));
  }

  @Test
  void opaqueDirectory_appliesOnlyToLayersBelow() throws Exception {
    byte[] l0 = layer().dir("d").file("d/zero", "0").tar();
    byte[] l1 = layer().dir("d").opaque("d").file("d/one", "1").tar();
    byte[] l2 = layer().dir("d").file("d/two", "2").tar();
    assertThat(squash(l0, l1, l2)).containsOnlyKeys("d", "d/one", "d/two");
  }

  @Test
  void fileReplacingDirectory_hidesTheLowerSubtree_andDirectoryReplacingFile() throws Exception {
    byte[] l0 = layer().dir("p").file("p/child", "c").file("q", "file q").tar();
    byte[] l1 = layer().file("p", "now a file").dir("q").file("q/inner", "i").tar();
    assertThat(squash(l0, l1)).containsOnly(
        entry("p", "regular 644 0:0 \"now a file\""),
        entry("q", "directory 755 0:0"),
        entry("q/inner", "regular 644 0:0 \"i\""));
  }

  @Test
  void fileReplacedThenDirectoryAgain_theOldestSubtreeStaysGone() throws Exception {
    byte[] l0 = layer().dir("p").file("p/x", "x").tar();
    byte[] l1 = layer().file("p", "file").tar();
    byte[] l2 = layer().dir("p").file("p/a", "a").tar();
    assertThat(squash(l0, l1, l2)).containsOnlyKeys("p", "p/a");
  }

  @Test
  void upperFileBelowALowerFile_makesItADirectory() throws Exception {
    byte[] l0 = layer().file("p", "file").tar();
    byte[] l1 = layer().file("p/a", "a").tar();
    assertThat(squash(l0, l1)).containsOnlyKeys("p/a");
  }

  @Test
  void whiteoutThenRecreatedInTheSameLayer_keepsTheNewFile() throws Exception {
    byte[] l0 = layer().dir("d").file("d/f", "old").file("d/g", "g").tar();
    byte[] l1 = layer().whiteout("d").dir("d").file("d/f", "new").tar();
    assertThat(squash(l0, l1)).containsOnly(
        entry("d", "directory 755 0:0"),
        entry("d/f", "regular 644 0:0 \"new\""));
  }

  @Test
  void hardLinkInItsLayer_staysALink() throws Exception {
    byte[] l0 = layer().file("a", "data").hardLink("b", "a").tar();
    assertThat(squash(l0)).containsOnly(
        entry("a", "regular 644 0:0 \"data\""),
        entry("b", "hard_link 644 0:0 -> rootfs/a"));
  }

  @Test
  void hardLinkToAFileOfALowerLayer_followsIt() throws Exception {
    byte[] l0 = layer().file("a", "data").tar();
    byte[] l1 = layer().hardLink("b", "a").tar();
    byte[] tar = squashedTar(l0, l1);
    assertThat(TestLayers.rootfs(tar)).containsOnly(
        entry("a", "regular 644 0:0 \"data\""),
        entry("b", "hard_link 644 0:0 -> rootfs/a"));
    assertThat(entryOrder(tar)).containsSubsequence("rootfs/a", "rootfs/b");
  }

  @Test
  void hardLinkToALowerFileAnUpperLayerDeleted_becomesTheFile() throws Exception {
    byte[] l0 = layer().file("a", "data", 0600, 7, 8).tar();
    byte[] l1 = layer().hardLink("b", "a").hardLink("c", "a").tar();
    byte[] l2 = layer().whiteout("a").tar();
    assertThat(squash(l0, l1, l2)).containsOnly(
        entry("b", "regular 600 7:8 \"data\""),
        entry("c", "hard_link 644 0:0 -> rootfs/b"));
  }

  @Test
  void hardLinkToAFileOfItsLayerThatAnUpperLayerReplaced_isReadAgainAsTheFile()
      throws Exception {
    byte[] l0 = layer().file("a", "old").hardLink("b", "a").tar();
    byte[] l1 = layer().file("a", "new").tar();
    assertThat(squash(l0, l1)).containsOnly(
        entry("a", "regular 644 0:0 \"new\""),
        entry("b", "regular 644 0:0 \"old\""));
  }

  @Test
  void hardLinkToNothing_isAnError() {
    byte[] l0 = layer().hardLink("b", "missing").tar();
    assertThatThrownBy(() -> squash(l0)).isInstanceOf(JaciException.class)
        .hasMessageContaining("\"missing\", which no layer has");
  }

  @Test
  void dotDotName_isRefused() {
    byte[] l0 = layer().file("../evil", "x").tar();
    assertThatThrownBy(() -> squash(l0)).isInstanceOf(JaciException.class)
        .hasMessageContaining("layer 0: entry \"../evil\"").hasMessageContaining("\"..\"");
  }

  @Test
  void absoluteName_isRefused() {
    byte[] l0 = layer().file("/etc/evil", "x").tar();
    assertThatThrownBy(() -> squash(l0)).isInstanceOf(JaciException.class)
        .hasMessageContaining("an absolute name");
  }

  @Test
  void hardLinkLeavingTheRoot_isRefused() {
    byte[] l0 = layer().file("a", "x").hardLink("b", "../../etc/shadow").tar();
    assertThatThrownBy(() -> squash(l0)).isInstanceOf(JaciException.class)
        .hasMessageContaining("hard link").hasMessageContaining("\"..\"");
  }

  @Test
  void symlinksAreKeptAsTheyAre_evenAbsoluteOnes() throws Exception {
    byte[] l0 = layer().symlink("bin", "usr/bin").symlink("sh", "/bin/busybox").tar();
    assertThat(squash(l0)).containsOnly(
        entry("bin", "symlink 777 0:0 -> usr/bin"),
        entry("sh", "symlink 777 0:0 -> /bin/busybox"));
  }

  @Test
  void zstdAndUncompressedLayers_areReadLikeGzipOnes() throws Exception {
    byte[] l0 = layer().file("plain", "p").tar();
    byte[] l1 = layer().file("zstd", "z").tar();
    java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
    try (var out = new com.github.luben.zstd.ZstdOutputStream(z)) {
      out.write(l1);
    }
    List<byte[]> stored = List.of(l0, z.toByteArray());
    SourceImage image = new OpenedImage(new ImageOrigin("", "x", null),
        io.jaci.core.registry.Digest.sha256(new byte[0]), TestLayers.config("", List.of(l0, l1)),
        List.of(-1L, -1L), List.of("layer 0", "layer 1"),
        i -> new java.io.ByteArrayInputStream(stored.get(i)), true, () -> {});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter tar = new TarWriter(out);
    DockerToAci.squashed(image, tar, ProgressListener.NONE);
    tar.finish();
    assertThat(TestLayers.rootfs(out.toByteArray())).containsOnlyKeys("plain", "zstd");
  }

  private static List<String> entryOrder(byte[] tar) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    io.jaci.core.tar.TarReader r = new io.jaci.core.tar.TarReader(
        new java.io.ByteArrayInputStream(tar));
    for (var e = r.next(); e != null; e = r.next()) {
      names.add(e.name());
    }
    return names;
  }
}
