package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.io.Compression;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 4: {@code pathWhitelist: ["/b", "/c"]} with {@code rootfs/b} and
 * {@code rootfs/c} hard links to the non-whitelisted {@code rootfs/a} rendered as an empty
 * rootfs. The whitelisted names keep the content: rendered with and without the tree cache,
 * and exported squashed (where the first name is the file and the second links to it).
 */
class WhitelistedHardLinkTest {
  private static final long MTIME = 1_600_000_000L;
  private static final String MANIFEST = "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
      + "\"name\":\"example.com/links\",\"pathWhitelist\":[\"/b\",\"/c\",\"/e\"]}";

  @TempDir
  Path tmp;

  Path store;
  String id;

  /** a (left out), b and c (kept) link to a; d (left out) and e (kept) link to b. */
  @BeforeEach
  void setUp() throws IOException {
    Path aci = new TestAci(MTIME).dir("rootfs", 0755)
        .file("rootfs/a", 0640, 0, 0, "the content\n")
        .add(link("rootfs/b", "rootfs/a"))
        .add(link("rootfs/c", "rootfs/a"))
        .file("rootfs/other", 0644, 0, 0, "left out\n")
        .add(link("rootfs/d", "rootfs/other"))
        .add(link("rootfs/e", "rootfs/d"))
        .write(tmp.resolve("links.aci"), MANIFEST);
    assertThat(CliTest.jaci("validate", aci).exit()).isZero();
    store = tmp.resolve("store");
    CliTest.Result r = ImageCommandTest.jaci(store, "image", "import", aci);
    assertThat(r.exit()).as(r.err()).isZero();
    id = r.out().trim();
  }

  private static TarHeader link(String name, String target) {
    return new TarHeader(name, TarEntryType.HARD_LINK, 0640, 0, 0, 0, MTIME, target, 0, 0, null);
  }

  private Path render(String name, String... options) {
    Path target = tmp.resolve(name);
    Object[] args = new Object[4 + options.length];
    args[0] = "image";
    args[1] = "render";
    System.arraycopy(options, 0, args, 2, options.length);
    args[2 + options.length] = id;
    args[3 + options.length] = target;
    CliTest.Result r = ImageCommandTest.jaci(store, args);
    assertThat(r.exit()).as(r.err()).isZero();
    return target.resolve("rootfs");
  }


  @Test
  void render_withAndWithoutTheCache_keepsTheContentUnderTheWhitelistedNames()
      throws IOException {
    for (Path rootfs : new Path[] {render("plain", "--no-cache"), render("filling"),
        render("cached")}) {
      assertThat(TestImages.list(rootfs)).as(rootfs.toString()).containsExactly("b", "c", "e");
      assertThat(Files.readString(rootfs.resolve("b"))).isEqualTo("the content\n");
      assertThat(Files.isSameFile(rootfs.resolve("b"), rootfs.resolve("c"))).isTrue();
      assertThat(Files.readString(rootfs.resolve("e"))).isEqualTo("left out\n");
      assertThat(Files.getAttribute(rootfs.resolve("b"), "unix:mode")).isEqualTo(0100640);
    }
  }

  @Test
  void squashedExport_hasTheFileUnderTheFirstWhitelistedName() throws IOException {
    Path out = tmp.resolve("squashed.aci");
    CliTest.Result r = ImageCommandTest.jaci(store, "image", "export", "--squash", id, out);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(CliTest.jaci("validate", out).exit()).isZero();
    Map<String, String> entries = new LinkedHashMap<>();
    try (InputStream in = Compression.decompressing(Files.newInputStream(out));
        TarReader tar = new TarReader(in)) {
      for (TarEntry e = tar.next(); e != null; e = tar.next()) {
        String what = switch (e.header().type()) {
          case REGULAR -> new String(tar.content().readAllBytes(), StandardCharsets.UTF_8);
          case HARD_LINK -> "link to " + e.header().linkName();
          default -> e.header().type().name();
        };
        entries.put(e.name(), what);
      }
    }
    assertThat(entries).containsEntry("rootfs/b", "the content\n")
        .containsEntry("rootfs/c", "link to rootfs/b")
        .containsEntry("rootfs/e", "left out\n")
        .doesNotContainKeys("rootfs/a", "rootfs/d", "rootfs/other");
  }
}
