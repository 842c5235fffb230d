package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 8: a store on a full disk (a small tmpfs, mounted as root). Importing says
 * that the store's disk is full, not that the ACI is invalid; a cached render whose tree
 * does not fit in the store falls back to rendering without the cache, says so once, and
 * gives the full tree.
 */
class StoreDiskFullIT {
  @TempDir
  Path tmp;
  private Path mount;
  private Map<String, String> env;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    AsNobody.requireRoot("StoreDiskFullIT mounts a tmpfs, which needs root");
    mount = Files.createDirectories(tmp.resolve("small-disk"));
    ProcessRun.run(tmp, "mount", "-t", "tmpfs", "-o", "size=2500k", "tmpfs", mount.toString())
        .assertSuccess();
    env = Map.of("JACI_STORE", mount.resolve("store").toString());
  }

  @AfterEach
  void unmount() {
    if (mount != null) {
      ProcessRun.run(tmp, "umount", mount.toString()).assertSuccess();
    }
  }

  /** An ACI of one file of {@code size} random bytes (so that gzip cannot shrink it). */
  private Path aci(String name, int size) throws Exception {
    Path layout = tmp.resolve(name);
    Files.createDirectories(layout.resolve("rootfs"));
    byte[] noise = new byte[size];
    new Random(size).nextBytes(noise);
    Files.write(layout.resolve("rootfs/noise"), noise);
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/" + name + "\"}");
    Path aci = tmp.resolve(name + ".aci");
    JaciJar.run(tmp, "build", layout, aci).assertSuccess();
    return aci;
  }

  @Test
  void item8_importIntoAFullStore_saysTheStoresDiskIsFull() throws Exception {
    Path big = aci("big", 3_000_000);
    ProcessRun run = JaciJar.run(tmp, env, "image", "import", big);
    assertThat(run.exit()).as(run.describe()).isEqualTo(1);
    assertThat(run.stderr().trim()).as(run.describe())
        .isEqualTo("jaci: importing " + big + ": the store's disk is full (" + mount
            + "/store: no space left on device); free space there, or use a store on another"
            + " disk (--store)");
    assertThat(JaciJar.run(tmp, env, "image", "list", "--json").assertSuccess().out()
        .replaceAll("\\s", "")).isEqualTo("[]");
  }

  @Test
  void item8_cachedRender_whenOnlyTheStoresDiskIsFull_rendersWithoutTheCache() throws Exception {
    Path mid = aci("mid", 1_500_000);
    JaciJar.run(tmp, env, "image", "import", mid).assertSuccess();
    Path out = tmp.resolve("out");
    ProcessRun run = JaciJar.run(tmp, env, "image", "render", "example.com/mid", out);
    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(run.stderr().trim()).as(run.describe())
        .isEqualTo("jaci: warning: the store's disk is full: rendering without the tree cache"
            + " (free space on it to use the cache again)");
    assertThat(out.resolve("rootfs/noise"))
        .hasSameBinaryContentAs(tmp.resolve("mid/rootfs/noise"));
    try (var trees = Files.list(mount.resolve("store/trees"))) {
      assertThat(trees).as("nothing left behind in the cache").isEmpty();
    }
  }
}
