package io.jaci.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.io.Compression;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stored image whose bytes changed on disk is not rendered, and nothing is left behind. */
class DamagedBlobRenderTest {
  @TempDir
  Path tmp;

  @Test
  void damagedBlobFailsTheRenderWithoutOutput() throws Exception {
    Path layout = tmp.resolve("layout");
    Files.createDirectories(layout.resolve("rootfs"));
    Files.writeString(layout.resolve("rootfs/data"), "x".repeat(10_000));
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/damaged\"}");
    AciBuilder.fromLayout(layout).compression(Compression.NONE).build(tmp.resolve("d.aci"));
    try (ImageStore store = ImageStore.open(tmp.resolve("store"))) {
      ImageId id = store.importAci(tmp.resolve("d.aci"), ProgressListener.NONE).id();
      Path blob = tmp.resolve("store/blobs/sha512").resolve(id.hex().substring(0, 2))
          .resolve(id.hex());
      assertThat(blob).exists();
      blob.toFile().setWritable(true);
      try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
        f.seek(3000); // inside the content of rootfs/data, not a header
        f.write('y');
      }
      Path out = tmp.resolve("out");
      assertThatThrownBy(() -> ImageRenderer.of(StoreImages.of(store)).render(id, out, true))
          .isInstanceOf(JaciException.class).hasMessageContaining("SHA-512");
      assertThat(out).doesNotExist();
      try (var left = Files.list(tmp)) {
        assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".part"));
      }
      // through the tree cache: neither the target nor a cache entry is left
      TreeCache cache = new TreeCache(store.treesDirectory());
      assertThatThrownBy(() -> ImageRenderer.of(StoreImages.of(store)).treeCache(cache)
          .render(id, out, true))
          .isInstanceOf(JaciException.class).hasMessageContaining("SHA-512");
      assertThat(out).doesNotExist();
      assertThat(cache.entries()).isEmpty();
      try (var left = Files.list(store.treesDirectory())) {
        assertThat(left).isEmpty();
      }
    }
  }
}
