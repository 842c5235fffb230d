package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.dockerfile.RunMount.Sharing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Removing the cache mounts no build uses ({@code jaci image gc --cache-mounts}). */
class CacheMountsPruneTest {
  @TempDir Path tmp;

  private static CacheMounts.Lease take(CacheMounts mounts, String id) throws Exception {
    CacheMounts.Lease l = mounts.acquire(id, "", Sharing.PRIVATE, () -> { },
        Files::createDirectory);
    Files.writeString(l.directory().resolve("from-" + id), id);
    return l;
  }

  private static long entries(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void prune_removesEveryDirectoryNoBuildHolds_andKeepsTheOneInUse() throws Exception {
    CacheMounts mounts = CacheMounts.in(tmp.resolve("dockerfile-cache"));
    assertThat(mounts.prune()).as("no cache yet").isZero();
    try (CacheMounts.Lease inUse = take(mounts, "a")) {
      take(mounts, "a").close(); // a second directory of a's pool (the first is in use)
      take(mounts, "b").close();

      assertThat(mounts.prune()).isEqualTo(2);
      assertThat(inUse.directory().resolve("from-a")).hasContent("a");
      try (Stream<Path> all = Files.walk(tmp.resolve("dockerfile-cache"))) {
        assertThat(all.filter(p -> p.getFileName().toString().startsWith("from-")))
            .containsExactly(inUse.directory().resolve("from-a"));
      }
    }
    assertThat(mounts.prune()).as("once it is free").isEqualTo(1);
    try (CacheMounts.Lease again = mounts.acquire("a", "", Sharing.PRIVATE, () -> { },
        Files::createDirectory)) {
      assertThat(entries(again.directory())).isZero();
    }
  }
}
