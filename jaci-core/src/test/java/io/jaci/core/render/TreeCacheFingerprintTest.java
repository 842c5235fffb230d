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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, items 10 and 11: a cached tree is served only while it is as it was made (not
 * edited by hand, not made from a blob rewritten since), the copy out of the cache reports its
 * size, and gc counts the bytes of the trees it removes.
 */
class TreeCacheFingerprintTest {
  private static final int DATA = 300_000;

  @TempDir
  Path tmp;

  ImageStore store;
  ImageId id;
  TreeCache cache;

  @BeforeEach
  void setUp() throws Exception {
    Path layout = tmp.resolve("layout");
    Files.createDirectories(layout.resolve("rootfs/etc"));
    Files.writeString(layout.resolve("rootfs/data"), "x".repeat(DATA));
    Files.writeString(layout.resolve("rootfs/etc/conf"), "setting=1\n");
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/cached\"}");
    AciBuilder.fromLayout(layout).compression(Compression.NONE).build(tmp.resolve("c.aci"));
    store = ImageStore.open(tmp.resolve("store"));
    id = store.importAci(tmp.resolve("c.aci"), ProgressListener.NONE).id();
    cache = new TreeCache(store.treesDirectory());
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private RenderResult render(String dir, ProgressListener progress) throws JaciException {
    return ImageRenderer.of(StoreImages.of(store)).treeCache(cache).progress(progress)
        .render(id, tmp.resolve(dir), false);
  }

  private Path cachedRootfs() throws Exception {
    assertThat(cache.entries()).hasSize(1);
    return cache.entries().get(0).rootfs();
  }

  @Test
  void item10_aHandEditedCachedTree_isRenderedAgain_notCopied() throws Exception {
    assertThat(render("first", ProgressListener.NONE).fromCache()).isFalse();
    assertThat(render("second", ProgressListener.NONE).fromCache()).isTrue();
    Files.writeString(cachedRootfs().resolve("etc/conf"), "setting=2\n");

    RenderResult third = render("third", ProgressListener.NONE);
    assertThat(third.fromCache()).isFalse();
    assertThat(third.remarks()).singleElement().asString()
        .contains("cached tree", "changed since it was made", "rendered it again");
    assertThat(tmp.resolve("third/rootfs/etc/conf")).hasContent("setting=1");
    // the entry made again is served again
    RenderResult fourth = render("fourth", ProgressListener.NONE);
    assertThat(fourth.fromCache()).isTrue();
    assertThat(fourth.remarks()).isEmpty();
    assertThat(tmp.resolve("fourth/rootfs/etc/conf")).hasContent("setting=1");
  }

  @Test
  void item10_aChangedModeOrARemovedFile_isNoticedToo() throws Exception {
    render("first", ProgressListener.NONE);
    Files.setAttribute(cachedRootfs().resolve("etc/conf"), "unix:mode", 0600);
    RenderResult chmodded = render("second", ProgressListener.NONE);
    assertThat(chmodded.fromCache()).isFalse();
    assertThat(Files.getAttribute(tmp.resolve("second/rootfs/etc/conf"), "unix:mode"))
        .isEqualTo(0100644);

    Files.delete(cachedRootfs().resolve("etc/conf"));
    RenderResult removed = render("third", ProgressListener.NONE);
    assertThat(removed.fromCache()).isFalse();
    assertThat(tmp.resolve("third/rootfs/etc/conf")).hasContent("setting=1");
  }

  @Test
  void item10_aBlobRewrittenAfterTheTreeWasCached_isReadAgain_andItsDamageReported()
      throws Exception {
    render("first", ProgressListener.NONE);
    Path blob = tmp.resolve("store/blobs/sha512").resolve(id.hex().substring(0, 2))
        .resolve(id.hex());
    blob.toFile().setWritable(true);
    try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
      f.seek(5000); // inside the content of rootfs/data
      f.write('y');
    }
    assertThatThrownBy(() -> render("second", ProgressListener.NONE))
        .isInstanceOf(JaciException.class).hasMessageContaining("SHA-512");
    assertThat(tmp.resolve("second")).doesNotExist();
  }

  /** Records what a progress listener hears. */
  private static final class Recorded implements ProgressListener {
    final List<Long> totals = new ArrayList<>();
    long advanced;

    @Override
    public void start(String task, long totalBytes) {
      totals.add(totalBytes);
    }

    @Override
    public synchronized void advance(long bytes) {
      advanced += bytes;
    }
  }

  @Test
  void item11_theCopyOutOfTheCache_hasItsSize_andAdvances() throws Exception {
    render("first", ProgressListener.NONE);
    Recorded progress = new Recorded();
    assertThat(render("second", progress).fromCache()).isTrue();
    long content = DATA + "setting=1\n".length();
    assertThat(progress.totals).containsExactly(content);
    assertThat(progress.advanced).isEqualTo(content);
  }

  @Test
  void item11_gcCountsTheBytesOfTheTreesItRemoves() throws Exception {
    render("first", ProgressListener.NONE);
    TreeCache.Removed removed = cache.gc(i -> true, Duration.ZERO);
    assertThat(removed.entries()).isEqualTo(1);
    assertThat(removed.bytes()).isGreaterThanOrEqualTo(DATA);
    assertThat(cache.entries()).isEmpty();
  }
}
