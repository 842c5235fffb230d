package io.jaci.core.extract;

import static io.jaci.core.extract.Tars.tar;
import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.tar.TarEntryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathFilterTest {
  @TempDir Path target;

  @Test
  void rejectedEntriesAreNotCreatedAndParentsOfKeptOnesAre0755() throws Exception {
    List<String> asked = new ArrayList<>();
    PathFilter onlyFilesUnderUsr = (p, t) -> {
      asked.add(p);
      return p.startsWith("/usr/") && t != TarEntryType.DIRECTORY || p.equals("/usr/kept");
    };

    ExtractResult r = TreeExtractor.into(target).filter(onlyFilesUnderUsr).extract(tar()
        .dir("rootfs", 0700)
        .dir("rootfs/usr", 0700)
        .dir("rootfs/usr/share", 0700)
        .dir("rootfs/usr/kept", 0701)
        .file("rootfs/usr/share/doc", "doc")
        .file("rootfs/etc/passwd", "root")
        .symlink("rootfs/usr/link", "share")
        .stream());

    assertThat(asked).doesNotContain("/").contains("/usr", "/usr/share/doc", "/etc/passwd");
    assertThat(target.resolve("etc")).doesNotExist();
    assertThat(target.resolve("usr/share/doc")).hasContent("doc");
    assertThat(Files.getAttribute(target.resolve("usr"), "unix:mode")).isEqualTo(040755);
    assertThat(Files.getAttribute(target.resolve("usr/share"), "unix:mode")).isEqualTo(040755);
    assertThat(Files.getAttribute(target.resolve("usr/kept"), "unix:mode")).isEqualTo(040701);
    assertThat(Files.isSymbolicLink(target.resolve("usr/link"))).isTrue();
    assertThat(r.entries()).isEqualTo(4); // rootfs, usr/kept, usr/share/doc, usr/link
  }

  @Test
  void andKeepsWhatBothKeep() {
    PathFilter notEtc = (p, t) -> !p.startsWith("/etc");
    PathFilter onlyFiles = (p, t) -> t == TarEntryType.REGULAR;
    PathFilter both = notEtc.and(onlyFiles);

    assertThat(both.keep("/bin/sh", TarEntryType.REGULAR)).isTrue();
    assertThat(both.keep("/etc/passwd", TarEntryType.REGULAR)).isFalse();
    assertThat(both.keep("/bin", TarEntryType.DIRECTORY)).isFalse();
    assertThat(PathFilter.ALL.keep("/x", TarEntryType.FIFO)).isTrue();
  }
}
