package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built CLI run by an unprivileged user (nobody, 65534), started from root by setpriv. */
class RootlessIT {

  @TempDir
  Path tmp;

  Path outDir;

  @BeforeEach
  void requireRoot() throws IOException {
    AsNobody.requireRoot("RootlessIT switches to an unprivileged user, which needs root");
    chmod("755", tmp);
    outDir = Files.createDirectory(tmp.resolve("out"));
    chmod("777", outDir);
  }

  private static void chmod(String mode, Path p) {
    ProcessRun.run(p.getParent(), ExternalTool.require("chmod").toString(), mode, p.toString())
        .assertSuccess();
  }

  private ProcessRun runAsNobody(Object... args) {
    return ProcessRun.run(outDir, Map.of(), AsNobody.jaci(args));
  }

  private static String gitStatus() {
    return ProcessRun.run(TestImages.repository(), ExternalTool.require("git").toString(),
        "status", "--porcelain", "--ignored").assertSuccess().out();
  }

  @Test
  void anyUser_buildsFromAReadableLayout_andWritesNothingIntoTheRepository() throws IOException {
    Path layout = TestImages.layout(tmp.resolve("layout"));
    Path out = outDir.resolve("nobody.aci");
    String before = gitStatus();
    ProcessRun r = runAsNobody("build", layout, out);
    String after = gitStatus();
    assertThat(r.exit()).as(r.describe()).isZero();
    assertThat(r.out()).matches("sha512-[0-9a-f]{128}\n");
    assertThat(after).isEqualTo(before);
    assertThat(Files.getAttribute(out, "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(Integer.parseInt(AsNobody.UID));
    assertThat(TestImages.list(outDir)).containsExactly("nobody.aci");
    assertThat(JaciJar.run(tmp, "validate", out).assertSuccess().out())
        .isEqualTo(out + ": valid image archive\n");
  }

  @Test
  void unreadableRootfsFile_failsInOneLineNamingIt_withNoOutput() throws IOException {
    Path layout = TestImages.layout(tmp.resolve("layout"));
    Path secret = Files.writeString(layout.resolve("rootfs/etc/secret"), "root only\n");
    chmod("000", secret);
    assertThat(Files.getAttribute(secret, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0);

    ProcessRun r = runAsNobody("build", layout, outDir.resolve("nobody.aci"));
    assertThat(r.exit()).as(r.describe()).isEqualTo(1);
    assertThat(r.stderr().lines().toList()).singleElement().asString()
        .startsWith("jaci: ").contains(secret.toString()).endsWith("permission denied");
    assertThat(r.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
    assertThat(TestImages.list(outDir)).isEmpty();
  }
}
