package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 ("Debian packages configured"): the script run in the image and the one line a
 * failing maintainer script gives. The dpkg output is a real {@code dpkg --configure -a} run
 * (dpkg 1.21, bookworm packages) whose tzdata postinst printed two lines and exited 3.
 */
class DebConfigureTest {
  private static DebPackage pkg(String name) throws Exception {
    return new DebPackage(name, DebianVersion.parse("1"), "amd64",
        ControlFileReader.parseAll("Package: " + name + "\nVersion: 1\n", "test").get(0),
        java.net.URI.create("file:/x.deb"), "x.deb", "0".repeat(64), 1, false);
  }

  @Test
  void preinstsRunInDependencyOrderThenDpkgConfiguresEverything() throws Exception {
    String s = DebConfigure.script(List.of(pkg("libc6"), pkg("base-passwd"), pkg("tzdata")),
        true);
    assertThat(s).containsSubsequence("maint libc6 amd64 preinst install\n",
        "maint base-passwd amd64 preinst install\n", "maint tzdata amd64 preinst install\n",
        "dpkg --configure -a\n");
    assertThat(s).doesNotContain("postinst");
  }

  @Test
  void withoutDpkgThePostinstsRunInDependencyOrder() throws Exception {
    String s = DebConfigure.script(List.of(pkg("b"), pkg("a")), false);
    assertThat(s).containsSubsequence("maint b amd64 preinst install\n",
        "maint a amd64 preinst install\n", "maint b amd64 postinst configure ''\n",
        "maint a amd64 postinst configure ''\n").doesNotContain("dpkg --configure");
  }

  @Test
  void aFailingPostinstUnderDpkgNamesThePackageScriptExitCodeAndItsLastLines()
      throws Exception {
    String log;
    try (InputStream in = getClass().getResourceAsStream("dpkg-configure-failure.log")) {
      log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(DebConfigure.failure("- dpkg 1", 1, log)).isEqualTo("--configure: tzdata: "
        + "postinst configure failed with exit code 3 (dpkg left base-files, bash unconfigured "
        + "too): configuring the zone | cannot write /etc/timezone; nothing was written");
  }

  @Test
  void aFailingPreinstGivesItsOwnOutputOnly() {
    String log = "jaci: a preinst install\nfine\njaci: b preinst install\nline 1\n\nline 2\n"
        + "line 3\nline 4\n";
    assertThat(DebConfigure.failure("b preinst 7", 1, log)).isEqualTo("--configure: b: "
        + "preinst install failed with exit code 7: line 2 | line 3 | line 4; nothing was written");
    assertThat(DebConfigure.failure("b preinst 7", 1, "jaci: b preinst install\n"))
        .isEqualTo("--configure: b: preinst install failed with exit code 7 (no output); nothing was "
            + "written");
  }

  @Test
  void aLongOutputLineIsCutToOneShortLine() {
    String msg = DebConfigure.failure("b postinst 2", 1, "jaci: b postinst configure \n"
        + "x".repeat(5000) + "\n");
    assertThat(msg).doesNotContain("\n").hasSizeLessThanOrEqualTo(
        io.jaci.core.ShortText.MAX_MESSAGE + 3);
  }
}
