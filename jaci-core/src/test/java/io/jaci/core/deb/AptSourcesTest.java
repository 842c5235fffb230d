package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptSourcesTest {
  @TempDir
  Path etc;

  @Test
  void readsOneLineAndDeb822SourcesInAptsOrder() throws Exception {
    Files.writeString(etc.resolve("sources.list"), String.join("\n",
        "# comment",
        "deb [arch=amd64,arm64 signed-by=/usr/share/keyrings/k.gpg] http://mirror.test/debian "
            + "bookworm main contrib  # trailing comment",
        "deb-src http://mirror.test/debian bookworm main",
        "deb file:/srv/repo ./",
        ""));
    Path d = Files.createDirectories(etc.resolve("sources.list.d"));
    Files.writeString(d.resolve("b.sources"), String.join("\n",
        "Types: deb deb-src",
        "# a comment inside",
        "URIs: http://mirror.test/debian http://other.test/debian",
        "Suites: bookworm bookworm-updates",
        "Components: main",
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
        "",
        "Types: deb",
        "URIs: http://disabled.test/",
        "Suites: x",
        "Components: main",
        "Enabled: no",
        ""));
    Files.writeString(d.resolve("a.list"), "deb http://first.test/d stable main\n");
    Files.writeString(d.resolve("c.list.disabled"), "deb http://ignored.test/ x main\n");
    List<AptSource> s = AptSources.read(etc);
    assertThat(s).extracting(AptSource::toString).containsExactly(
        "http://mirror.test/debian/ bookworm main contrib",
        "file:/srv/repo/ ./",
        "http://first.test/d/ stable main",
        "http://mirror.test/debian/ bookworm main",
        "http://mirror.test/debian/ bookworm-updates main",
        "http://other.test/debian/ bookworm main",
        "http://other.test/debian/ bookworm-updates main");
    AptSource first = s.get(0);
    assertThat(first.architectures()).containsExactly("amd64", "arm64");
    assertThat(first.signedBy()).isEqualTo("/usr/share/keyrings/k.gpg");
    assertThat(first.serves("i386")).isFalse();
    assertThat(s.get(1).flat()).isTrue();
    assertThat(s.get(3).signedBy()).endsWith("debian-archive-keyring.gpg");
    assertThat(s.get(3).uri()).isEqualTo(URI.create("http://mirror.test/debian/"));
  }

  @Test
  void badLinesAreReportedWithTheirPlace() throws Exception {
    Files.writeString(etc.resolve("sources.list"), "deb http://x.test/\n");
    assertThatThrownBy(() -> AptSources.read(etc))
        .hasMessage(etc.resolve("sources.list") + ": line 1: expected \"deb URI SUITE "
            + "[COMPONENT...]\"");
  }
}
