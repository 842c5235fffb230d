package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.App;
import io.jaci.core.spec.ImageManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules where jaci differed from BuildKit's Dockerfile frontend (the reference of issue 12), each
 * found by the differential test against buildah (DockerfileBuildahIT), which agrees with
 * BuildKit on them.
 */
class BuildkitRulesTest {
  @TempDir
  Path rootfs;

  private void users() throws IOException {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"),
        "root:x:0:0::/root:/bin/sh\nuser2:x:1001:50::/home/user2:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nstaff:x:50:\n");
  }

  @Test
  void chown_aUserNameAlone_takesItsPrimaryGroup_aNumberAlone_itsOwnNumber()
      throws IOException, JaciException {
    users();
    // BuildKit's readUser: a name by /etc/passwd gives its uid and gid; a number is both
    assertThat(StageBuilder.chown(rootfs, "user2")).containsExactly(1001, 50);
    assertThat(StageBuilder.chown(rootfs, "1001")).containsExactly(1001, 1001);
    assertThat(StageBuilder.chown(rootfs, "user2:root")).containsExactly(1001, 0);
    assertThat(StageBuilder.chown(rootfs, "7:staff")).containsExactly(7, 50);
    assertThat(StageBuilder.chown(rootfs, null)).containsExactly(0, 0);
  }

  @Test
  void workdir_isCreatedForTheUser_rootWhenTheUserDoesNotResolve()
      throws IOException, JaciException {
    users();
    // BuildKit's WORKDIR: llb.Mkdir(wd, 0755, WithParents, WithUser(USER))
    assertThat(StageBuilder.workdirOwner(rootfs, "user2")).containsExactly(1001, 50);
    assertThat(StageBuilder.workdirOwner(rootfs, "")).containsExactly(0, 0);
    assertThat(StageBuilder.workdirOwner(rootfs, "nosuchuser")).containsExactly(0, 0);
  }

  @Test
  void path_isSetWhenTheBaseHasNone_lastAfterTheBaseVariables() {
    String path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    assertThat(StageConfig.scratch().env).containsExactly(java.util.Map.entry("PATH", path));
    ImageManifest noPath = ImageManifest.builder(AcIdentifier.parse("example.com/base"))
        .app(App.builder().exec("/bin/sh").user("0").group("0")
            .environmentVariable("A", "1").build())
        .build();
    assertThat(List.copyOf(StageConfig.of(noPath).env.keySet())).containsExactly("A", "PATH");
    assertThat(StageConfig.of(noPath).env.get("PATH")).isEqualTo(path);
    ImageManifest withPath = ImageManifest.builder(AcIdentifier.parse("example.com/base"))
        .app(App.builder().exec("/bin/sh").user("0").group("0")
            .environmentVariable("PATH", "/opt/bin").environmentVariable("A", "1").build())
        .build();
    assertThat(List.copyOf(StageConfig.of(withPath).env.keySet())).containsExactly("PATH", "A");
    assertThat(StageConfig.of(withPath).env.get("PATH")).isEqualTo("/opt/bin");
    ImageManifest noApp = ImageManifest.builder(AcIdentifier.parse("example.com/base")).build();
    assertThat(StageConfig.of(noApp).env).containsExactly(java.util.Map.entry("PATH", path));
  }
}
