package io.jaci.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.spec.PathWhitelist;
import io.jaci.core.tar.TarEntryType;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhitelistFilterTest {
  @Test
  void noWhitelistKeepsEverything() {
    WhitelistFilter f = new WhitelistFilter(List.of());
    assertThat(f.keepsAll()).isTrue();
    assertThat(f.keep("/anything", TarEntryType.REGULAR)).isTrue();
  }

  @Test
  void listedPathsAndTheirParentDirectoriesAreKept() {
    WhitelistFilter f = new WhitelistFilter(List.of(PathWhitelist.of(List.of("/etc/passwd",
        "/bin"))));
    assertThat(f.keep("/etc/passwd", TarEntryType.REGULAR)).isTrue();
    assertThat(f.keep("/etc", TarEntryType.DIRECTORY)).isTrue();
    assertThat(f.keep("/etc/", TarEntryType.DIRECTORY)).isTrue();
    assertThat(f.keep("/bin", TarEntryType.DIRECTORY)).isTrue();
    assertThat(f.keep("/etc/shadow", TarEntryType.REGULAR)).isFalse();
    assertThat(f.keep("/bin/sh", TarEntryType.SYMLINK)).isFalse();
    // a parent directory's name is no license for a file of that name
    assertThat(f.keep("/etc", TarEntryType.REGULAR)).isFalse();
  }

  @Test
  void everyWhitelistMustKeepAPath() {
    WhitelistFilter f = new WhitelistFilter(List.of(
        PathWhitelist.of(List.of("/a", "/b")), PathWhitelist.of(List.of("/b", "/c"))));
    assertThat(f.keep("/a", TarEntryType.REGULAR)).isFalse();
    assertThat(f.keep("/b", TarEntryType.REGULAR)).isTrue();
    assertThat(f.keep("/c", TarEntryType.REGULAR)).isFalse();
  }
}
