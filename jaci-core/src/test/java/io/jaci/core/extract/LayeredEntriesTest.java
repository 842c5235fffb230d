package io.jaci.core.extract;

import static io.jaci.core.extract.Tars.tar;
import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.tar.TarEntryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layering worked out from entries agrees with what the extractor lays down. */
class LayeredEntriesTest {
  @TempDir Path tmp;

  @Test
  void sameTreeAsTheExtractor() throws Exception {
    Tars lower = tar().dir("rootfs", 0755).dir("rootfs/opt", 0755).file("rootfs/opt/x", "x")
        .file("rootfs/var", "a file").file("rootfs/a", "shared")
        .hardLink("rootfs/b", "rootfs/a").file("rootfs/gone", "filtered");
    Tars upper = tar().file("rootfs/opt", "now a file").file("rootfs/var/log", "log")
        .file("rootfs/a", "replaced");
    PathFilter filter = (p, t) -> !p.equals("/gone");
    Path target = Files.createDirectory(tmp.resolve("t"));
    TreeExtractor.into(target).filter(filter).extract(lower.stream());
    TreeExtractor.into(target).extract(upper.stream());
    LayeredEntries layered = new LayeredEntries();
    layered.apply(lower.stream(), filter);
    layered.apply(upper.stream(), PathFilter.ALL);

    assertThat(layered.all().keySet()).isEqualTo(Set.copyOf(TreeListing.of(target, null)
        .keySet()));
    assertThat(layered.get("var").orElseThrow().header()).as("made as a parent").isNull();
    LayeredEntries.Laid b = layered.get("b").orElseThrow();
    assertThat(b.header().type()).isEqualTo(TarEntryType.REGULAR);
    assertThat(b.sha512()).isNotEqualTo(layered.get("a").orElseThrow().sha512());
    layered.apply(tar().file("rootfs/z", "shared").stream(), PathFilter.ALL);
    assertThat(b.sha512()).as("the old file's content")
        .isEqualTo(layered.get("z").orElseThrow().sha512());
  }

  /**
   * Issue 10, item 4: a whitelisted hard link to a file the whitelist leaves out keeps the
   * file, in the extractor (which reads the archive twice for it) and here alike.
   */
  @Test
  void aKeptHardLinkToALeftOutFile_item4_getsTheFile() throws Exception {
    Tars tars = tar().dir("rootfs", 0755).file("rootfs/a", "the content")
        .hardLink("rootfs/b", "rootfs/a").hardLink("rootfs/c", "rootfs/a")
        .file("rootfs/other", "other").hardLink("rootfs/d", "rootfs/other")
        .hardLink("rootfs/e", "rootfs/d");
    PathFilter filter = (p, t) -> Set.of("/b", "/c", "/e").contains(p);
    Path target = Files.createDirectory(tmp.resolve("t"));
    ExtractResult r = TreeExtractor.into(target).filter(filter).extract(tars::stream);
    LayeredEntries layered = new LayeredEntries();
    layered.apply(tars.stream(), filter);

    assertThat(TreeListing.of(target, null).keySet()).containsExactlyInAnyOrder("", "b", "c",
        "e");
    assertThat(r.entries()).isEqualTo(4);
    assertThat(Files.readString(target.resolve("b"))).isEqualTo("the content");
    assertThat(Files.isSameFile(target.resolve("b"), target.resolve("c"))).isTrue();
    assertThat(Files.readString(target.resolve("e"))).isEqualTo("other");
    assertThat(layered.all().keySet()).containsExactlyInAnyOrder("", "b", "c", "e");
    assertThat(layered.get("b").orElseThrow().sha512())
        .isEqualTo(layered.get("c").orElseThrow().sha512())
        .isNotEqualTo(layered.get("e").orElseThrow().sha512());
    assertThat(layered.get("e").orElseThrow().header().type()).isEqualTo(TarEntryType.REGULAR);
  }

  @Test
  void aKeptHardLinkToALeftOutFile_readOnce_isAnErrorNamingIt() throws Exception {
    Tars tars = tar().dir("rootfs", 0755).file("rootfs/a", "x").hardLink("rootfs/b", "rootfs/a");
    Path target = Files.createDirectory(tmp.resolve("t"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TreeExtractor.into(target)
        .filter((p, t) -> p.equals("/b")).extract(tars.stream()))
        .hasMessageContaining("\"b\"").hasMessageContaining("second reading");
  }
}
