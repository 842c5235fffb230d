package io.jaci.cli;

import static io.jaci.cli.CliTest.jaci;
import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options of {@code jaci from-rootfs}, run in-process on a small tarball. */
class FromRootfsCommandTest {
  @TempDir
  Path tmp;

  private Path tarball() throws IOException {
    Path tar = tmp.resolve("rootfs.tar");
    try (OutputStream out = Files.newOutputStream(tar); TarWriter t = new TarWriter(out)) {
      t.write(new TarHeader("./", TarEntryType.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0, null));
    }
    return tar;
  }

  @Test
  void nameLabelsExecUserAndGroup_makeTheManifest() throws IOException {
    Path out = tmp.resolve("out.aci");
    CliTest.Result r = jaci("from-rootfs", tarball(), out, "--name",
        "example.com/stage3:20160428,channel=stable", "--label", "arch=aarch64", "--user",
        "daemon", "--group", "7", "--exec", "/bin/sh", "-c", "echo hi; exit 3");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).matches("sha512-[0-9a-f]{128}\n");
    assertThat(jaci("manifest", "cat", out).out()).isEqualTo("{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/stage3\",\"labels\":["
        + "{\"name\":\"version\",\"value\":\"20160428\"},"
        + "{\"name\":\"channel\",\"value\":\"stable\"},{\"name\":\"arch\",\"value\":\"aarch64\"},"
        + "{\"name\":\"os\",\"value\":\"linux\"}],\"app\":{\"exec\":[\"/bin/sh\",\"-c\","
        + "\"echo hi; exit 3\"],\"user\":\"daemon\",\"group\":\"7\"}}\n");
  }

  @Test
  void withoutExec_noApp_andOsAndArchOfThisMachine() throws IOException {
    Path out = tmp.resolve("out.aci");
    assertThat(jaci("from-rootfs", tarball(), out, "--name", "example.com/base").exit())
        .isZero();
    String manifest = jaci("manifest", "cat", out).out();
    assertThat(manifest).doesNotContain("\"app\"")
        .contains("{\"name\":\"os\",\"value\":\"linux\"}")
        .containsPattern("\\{\"name\":\"arch\",\"value\":\"(amd64|aarch64|i386|ppc64le|s390x)\"}");
  }

  @Test
  void usageErrors_exit2_oneLine_noOutput() throws IOException {
    Path tar = tarball();
    Path out = tmp.resolve("out.aci");
    assertUsage(jaci("from-rootfs", tar, out), "Missing required option: '--name=");
    assertUsage(jaci("from-rootfs", tar, out, "--name", "example.com/x", "--user", "1"),
        "--user is for the app: give --exec too");
    assertUsage(jaci("from-rootfs", tar, out, "--name", "example.com/x:1", "--label",
        "version=2"), "--label version: the label is given in --name already");
    assertUsage(jaci("from-rootfs", "--name", "example.com/x", "--exec", "/bin/sh", tar, out),
        "give SOURCE and OUT.aci before --exec (it takes every word up to the next option)");
    assertUsage(jaci("from-rootfs", tar, out, "--name", "example.com/x", "--compression",
        "zstd"), "--compression zstd: an ACI is gzip, bzip2, xz or none");
    assertUsage(jaci("from-rootfs", tar, out, "--name", "example.com/x", "--label",
        "os=plan9"), "[0].value: unknown os \"plan9\"");
    assertThat(out).doesNotExist();
  }

  private static void assertUsage(CliTest.Result r, String message) {
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message).hasLineCount(1);
  }
}
