package io.jaci.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.io.Compression;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10 item 1, setuid exposure: as root, the directory a render or an extraction hands
 * back is private (0700) whatever the image's root mode, in every form (layout or rootfs
 * only, cached, uncached, cache hit); the image's modes inside are kept. The normal-user
 * side (the umask) is in the CLI's RootlessIT.
 */
class HandedBackModeTest {
  @TempDir Path tmp;
  private ImageStore store;
  private ImageId id;

  @BeforeEach
  void image() throws Exception {
    assumeTrue(SpecialFiles.effectiveUid() == 0, "skipped: the item 1 rule is about root");
    Path layout = tmp.resolve("layout");
    Path bin = Files.createDirectories(layout.resolve("rootfs/bin"));
    Files.writeString(bin.resolve("id"), "#!/bin/sh\n");
    Files.setAttribute(bin.resolve("id"), "unix:mode", 04755);
    Files.setAttribute(layout.resolve("rootfs"), "unix:mode", 0755);
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/suid\"}");
    AciBuilder.fromLayout(layout).compression(Compression.NONE).build(tmp.resolve("s.aci"));
    store = ImageStore.open(tmp.resolve("store"));
    id = store.importAci(tmp.resolve("s.aci"), ProgressListener.NONE).id();
  }

  @AfterEach
  void close() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  private static int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
  }

  private Path privateTarget(String name) throws Exception {
    return Files.createDirectory(tmp.resolve(name),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  @ParameterizedTest(name = "item1: rootfsOnly={0}, cache={1}")
  @CsvSource({"true,false", "true,true", "false,false", "false,true"})
  void item1_asRoot_renderIntoA0700Directory_keepsIt0700(boolean rootfsOnly, boolean cache)
      throws Exception {
    ImageRenderer renderer = ImageRenderer.of(StoreImages.of(store));
    if (cache) {
      renderer.treeCache(new TreeCache(store.treesDirectory()));
    }
    // with the cache: the first render fills it, the second copies from it
    for (String name : cache ? List.of("first", "hit") : List.of("once")) {
      Path target = privateTarget(name);
      renderer.render(id, target, rootfsOnly);

      assertThat(mode(target)).as(name).isEqualTo(0700);
      Path rootfs = rootfsOnly ? target : target.resolve("rootfs");
      assertThat(mode(rootfs.resolve("bin/id"))).isEqualTo(04755);
      assertThat(mode(rootfs.resolve("bin"))).isEqualTo(0755);
      if (!rootfsOnly) {
        assertThat(mode(rootfs)).isEqualTo(0755); // inside the private directory
      }
    }
  }

  @ParameterizedTest(name = "item1: extract, rootfsOnly={0}")
  @CsvSource({"true", "false"})
  void item1_asRoot_extractIntoA0700Directory_keepsIt0700(boolean rootfsOnly)
      throws Exception {
    Path target = privateTarget("extracted");
    ImageRenderer.of(StoreImages.of(store)).extractOwn(id, target, rootfsOnly);
    assertThat(mode(target)).isEqualTo(0700);
    Path rootfs = rootfsOnly ? target : target.resolve("rootfs");
    assertThat(mode(rootfs.resolve("bin/id"))).isEqualTo(04755);
  }

  @Test
  void item1_asRoot_aMissingTargetIsMade0700() throws Exception {
    Path target = tmp.resolve("new");
    ImageRenderer.of(StoreImages.of(store)).render(id, target, true);
    assertThat(mode(target)).isEqualTo(0700);
  }

  @Test
  void item1_begin_keepsTheImagesRootModeOnTheRootfsInsideItsPrivateDirectory()
      throws Exception {
    Path rootfs = Files.createDirectory(tmp.resolve("begun-rootfs-parent")).resolve("rootfs");
    ImageRenderer.of(StoreImages.of(store)).renderRootfsInPrivateParent(id, rootfs);
    assertThat(mode(rootfs)).isEqualTo(0755);
    assertThat(mode(rootfs.resolve("bin/id"))).isEqualTo(04755);
  }
}
