package io.jaci.core.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.extract.PathFilter;
import io.jaci.core.registry.Digest;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One ACI tar into one layer: names re-rooted, metadata kept, whiteouts first, digests. */
class LayerWriterTest {
  @TempDir
  Path tmp;

  private static byte[] aci() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TreeMap<String, byte[]> xattrs = new TreeMap<>();
    xattrs.put("security.capability", new byte[] {1, 0, 0, 2});
    try (TarWriter tar = new TarWriter(out)) {
      tar.write(new TarHeader("manifest", TarEntryType.REGULAR, 0644, 0, 0, 2, 5, "", 0, 0, null),
          new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));
      tar.write(new TarHeader("rootfs", TarEntryType.DIRECTORY, 0711, 0, 0, 0, 7, "", 0, 0, null));
      tar.write(new TarHeader("rootfs/bin", TarEntryType.DIRECTORY, 0755, 0, 0, 0, 7, "", 0, 0,
          null));
      tar.write(new TarHeader("rootfs/bin/ping", TarEntryType.REGULAR, 04755, 0, 9, 3, 7, "", 0,
          0, xattrs), new ByteArrayInputStream(new byte[] {1, 2, 3}));
      tar.write(new TarHeader("rootfs/bin/pong", TarEntryType.HARD_LINK, 04755, 0, 9, 0, 7,
          "rootfs/bin/ping", 0, 0, null));
      tar.write(new TarHeader("rootfs/bin/secret", TarEntryType.REGULAR, 0600, 5, 5, 1, 7, "", 0,
          0, null), new ByteArrayInputStream(new byte[] {9}));
      tar.write(new TarHeader("rootfs/bin/secret.link", TarEntryType.HARD_LINK, 0600, 5, 5, 0, 7,
          "rootfs/bin/secret", 0, 0, null));
      tar.write(new TarHeader("rootfs/dev", TarEntryType.DIRECTORY, 0755, 0, 0, 0, 7, "", 0, 0,
          null));
      tar.write(new TarHeader("rootfs/dev/sda", TarEntryType.BLOCK_DEVICE, 0660, 0, 6, 0, 7, "",
          8, 0, null));
      tar.write(new TarHeader("rootfs/sh", TarEntryType.SYMLINK, 0777, 0, 0, 0, 7, "bin/ping",
          0, 0, null));
    }
    return out.toByteArray();
  }

  /**
   * Also issue 10, item 4: the kept hard link to the filtered-out file gets the file at the
   * end of the layer (from a second reading), as the renderer gives it the file.
   */
  @Test
  void reRootsKeepsMetadata_whiteoutsFirst_keptLinksToFilteredFilesGetThemAtTheEnd()
      throws Exception {
    PathFilter noSecret = (p, t) -> !p.equals("/bin/secret");
    Layer layer = LayerWriter.write(new ByteArrayInputStream(aci()), noSecret,
        List.of("etc", "usr/share/doc"), List.of(), tmp.resolve("layer"), true,
        () -> new ByteArrayInputStream(aci()));

    byte[] tar;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tmp.resolve("layer")))) {
      tar = in.readAllBytes();
    }
    assertThat(layer.diffId()).isEqualTo(Digest.sha256(tar));
    assertThat(layer.blob().digest()).isEqualTo(Digest.sha256(Files.readAllBytes(
        tmp.resolve("layer"))));
    assertThat(layer.blob().size()).isEqualTo(Files.size(tmp.resolve("layer")));

    List<TarHeader> headers = new ArrayList<>();
    try (TarReader r = new TarReader(new ByteArrayInputStream(tar))) {
      for (TarEntry e = r.next(); e != null; e = r.next()) {
        headers.add(e.header());
      }
    }
    assertThat(headers).extracting(TarHeader::name).containsExactly(".wh.etc",
        "usr/share/.wh.doc", "./", "bin/", "bin/ping", "bin/pong", "dev/", "dev/sda", "sh",
        "bin/secret.link");
    TarHeader root = headers.get(2);
    assertThat(root.mode()).isEqualTo(0711);
    TarHeader ping = headers.get(4);
    assertThat(ping.mode()).isEqualTo(04755);
    assertThat(ping.gid()).isEqualTo(9);
    assertThat(ping.xattrs().get("security.capability")).containsExactly(1, 0, 0, 2);
    assertThat(headers.get(5).type()).isEqualTo(TarEntryType.HARD_LINK);
    assertThat(headers.get(5).linkName()).isEqualTo("bin/ping");
    assertThat(headers.get(7).devMajor()).isEqualTo(8);
    assertThat(headers.get(8).linkName()).isEqualTo("bin/ping");
    TarHeader secret = headers.get(9);
    assertThat(List.of(secret.type(), secret.mode(), secret.uid(), secret.size()))
        .containsExactly(TarEntryType.REGULAR, 0600, 5L, 1L);
  }

  @Test
  void plainForDockerArchive_theBlobIsTheTar() throws Exception {
    Layer layer = LayerWriter.write(new ByteArrayInputStream(aci()), PathFilter.ALL, List.of(),
        List.of(), tmp.resolve("layer.tar"), false);
    assertThat(layer.compressed()).isFalse();
    assertThat(layer.blob().digest()).isEqualTo(layer.diffId());
  }

  @Test
  void sameInput_sameBytes() throws Exception {
    Layer a = LayerWriter.write(new ByteArrayInputStream(aci()), PathFilter.ALL, List.of("x"),
        List.of(), tmp.resolve("a"), true);
    Layer b = LayerWriter.write(new ByteArrayInputStream(aci()), PathFilter.ALL, List.of("x"),
        List.of(), tmp.resolve("b"), true);
    assertThat(b.blob().digest()).isEqualTo(a.blob().digest());
    assertThat(b.diffId()).isEqualTo(a.diffId());
  }
}
