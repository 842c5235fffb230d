package io.jaci.cli;

import static io.jaci.cli.CliTest.jaci;
import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.ShortText;
import io.jaci.core.io.Compression;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 13: a bad archive gets a bounded report (validate: at most 20 problems, then
 * a count; import: one short line), a root filesystem tarball the hint to from-rootfs, and no
 * message of jaci is longer than a few hundred characters, whatever it quotes.
 */
class BoundedErrorsTest {
  @TempDir
  Path tmp;

  /** A rootfs.tar.xz as distributions ship them: many entries below bin/ etc/ usr/. */
  private Path rootfsTarball() throws IOException {
    Path p = tmp.resolve("rootfs.tar.xz");
    try (OutputStream out = Compression.XZ.compress(Files.newOutputStream(p));
        TarWriter tar = new TarWriter(out)) {
      tar.write(dir("./"));
      for (String d : new String[] {"bin", "etc", "usr"}) {
        tar.write(dir("./" + d + "/"));
        for (int i = 0; i < 700; i++) {
          String name = "./" + d + "/" + "some-long-file-name-".repeat(3) + i;
          tar.write(new TarHeader(name, TarEntryType.REGULAR, 0644, 0, 0, 2, 0, "", 0, 0, null),
              new ByteArrayInputStream(new byte[] {'x', '\n'}));
        }
      }
    }
    return p;
  }

  private static TarHeader dir(String name) {
    return new TarHeader(name, TarEntryType.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0, null);
  }

  @Test
  void validate_ofARootfsTarball_printsTheHintAnd20ProblemsAndACount() throws IOException {
    Path tarball = rootfsTarball();
    CliTest.Result r = jaci("validate", tarball);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.outLines()).hasSize(22);
    assertThat(r.outLines().get(0)).contains("root filesystem tarball", "jaci from-rootfs");
    assertThat(r.outLines().get(21)).isEqualTo(tarball + ": ... and 2085 more");
  }

  @Test
  void import_ofARootfsTarball_isOneShortLineWithTheHint() throws IOException {
    CliTest.Result r = jaci("--store", tmp.resolve("store"), "image", "import", rootfsTarball());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.errLines()).singleElement().asString().startsWith("jaci: ")
        .contains("not a valid ACI", "jaci from-rootfs", "2105 more problems")
        .hasSizeLessThanOrEqualTo(ShortText.MAX_MESSAGE + "jaci: ".length());
  }

  /** The final guard: a message quoting a long argument is cut, keeping its ends. */
  @Test
  void anyMessage_item13_isCutToAFewHundredCharacters_keepingItsEnd() {
    Path deep = tmp;
    for (int i = 0; i < 20; i++) {
      deep = deep.resolve("d".repeat(100));
    }
    CliTest.Result r = jaci("validate", deep.resolve("image.aci"));
    assertThat(r.exit()).isEqualTo(1);
    CliTest.Result imported = jaci("--store", tmp.resolve("store"), "image", "import",
        deep.resolve("image.aci"));
    assertThat(imported.exit()).isEqualTo(1);
    assertThat(imported.errLines()).singleElement().asString().startsWith("jaci: ")
        .contains("…").endsWith("no such file or directory")
        .hasSizeLessThanOrEqualTo(ShortText.MAX_MESSAGE + "jaci: ".length());
  }
}
