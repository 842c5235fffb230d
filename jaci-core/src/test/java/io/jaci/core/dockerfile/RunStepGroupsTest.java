package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12, supplementary groups of RUN steps: as BuildKit gives them (the primary group
 * first, then for a USER without a group the /etc/group memberships, which jaci run adds too).
 * buildah 1.28 gives the same sets (checked by hand: {@code id} under {@code buildah bud
 * --isolation chroot} with this passwd and group lists 50,60,1000 for {@code user} and
 * {@code 1000}, 50 for {@code user:staff}, 0,60 for {@code root}).
 */
class RunStepGroupsTest {
  @TempDir
  static Path rootfs;

  @BeforeAll
  static void files() throws Exception {
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"),
        "root:x:0:\nuser:x:1000:\nstaff:x:50:user\nother:x:60:root,user\n");
  }

  @ParameterizedTest(name = "USER {0}")
  @CsvSource(delimiter = '|', value = {
      // USER | resolved user | resolved group | additional groups
      "user       | 1000 | 1000 | [1000, 50, 60]",
      "1000       | 1000 | 1000 | [1000, 50, 60]",
      "user:staff | 1000 | 50   | [50]",
      "1000:1000  | 1000 | 1000 | [1000]",
      "root       | 0    | 0    | [0, 60]",
      "''         | 0    | 0    | [0, 60]"})
  void additionalGids_likeBuildkit(String dockerUser, String uid, String gid, String expected)
      throws Exception {
    assertThat(RunStep.additionalGids(dockerUser, uid, gid, rootfs).toString())
        .isEqualTo(expected);
  }
}
