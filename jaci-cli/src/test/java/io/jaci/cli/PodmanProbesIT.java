package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "Checked against the real thing": the same probes (user, groups, working
 * directory, a mounted volume's listing, the environment) through {@code jaci run} of a
 * busybox image jaci made, and through {@code podman run --rm} of that image converted by
 * {@code jaci convert store:... oci:DIR}, give the same answers. Intended differences, left
 * out of the comparison and checked on their own: jaci sets {@code container=jaci},
 * {@code AC_APP_NAME} and {@code AC_METADATA_URL} (the appc ACE spec); podman sets
 * {@code container=podman}, {@code HOSTNAME} (its container ID) and {@code TERM=xterm}. And
 * the groups: an appc app always names its group, so the converted image's {@code User} is
 * {@code user:user}, for which podman gives the primary group only (it adds the groups of
 * {@code /etc/group} that list the user only to a {@code User} without a group), while jaci
 * adds them for every app (README, "User and group"); with {@code --user user} podman gives
 * the same groups as jaci. As root only: rootless podman needs a home and storage of its own
 * for nobody.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodmanProbesIT {
  /** A line each: uid, groups, cwd, the volume's listing, then the sorted environment. */
  private static final String PROBE =
      "echo uid=$(id -u); echo groups=$(id -G); echo pwd=$(pwd); ls /v; env | sort";
  private static final Set<String> JACI_ONLY = Set.of("AC_APP_NAME", "AC_METADATA_URL");
  private static final Set<String> PODMAN_ONLY = Set.of("HOSTNAME", "TERM");

  Path tmp;
  Path store;
  Path volume;
  String podmanImage;

  @BeforeAll
  void makeImages(@TempDir Path dir) throws IOException {
    tmp = dir;
    AsNobody.requireRoot("PodmanProbesIT runs podman as root");
    ExternalTool.require("runc");
    ExternalTool.require("podman");
    Path tree = BusyboxTree.make(tmp.resolve("tree"), List.of("sh", "id", "ls", "env", "sort"));
    Files.createDirectories(tree.resolve("home/u"));
    Files.writeString(tree.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/u:/bin/sh\n");
    Files.writeString(tree.resolve("etc/group"), "root:x:0:\nuser:x:1000:\nstaff:x:50:user\n");
    store = tmp.resolve("store");
    Path aci = tmp.resolve("probe.aci");
    JaciJar.run(tmp, "from-rootfs", tree, aci, "--name", "example.com/probe", "--user", "user",
        "--group", "user", "--exec", "/bin/sh").assertSuccess();
    JaciJar.run(tmp, "--store", store, "image", "import", aci).assertSuccess();
    Path oci = tmp.resolve("oci");
    JaciJar.run(tmp, "--store", store, "convert", "store:example.com/probe",
        "oci:" + oci + ":latest").assertSuccess();
    ProcessRun pull = ProcessRun.run(tmp, "podman", "pull", "-q", "oci:" + oci + ":latest");
    pull.assertSuccess();
    podmanImage = pull.out().strip();
    volume = Files.createDirectories(tmp.resolve("volume"));
    Files.writeString(volume.resolve("from-the-host"), "x");
    Files.createDirectory(volume.resolve("a-directory"));
  }

  @AfterAll
  void removePodmanImage() {
    if (podmanImage != null) {
      ProcessRun.run(tmp, "podman", "rmi", "-f", podmanImage); // best effort
    }
  }

  @Test
  void sameAnswers_userGroupsCwdVolumeAndEnvironment_apartFromTheNamedDifferences() {
    ProcessRun jaci = JaciJar.run(tmp, "--store", store, "run", "--volume",
        "v,kind=host,source=" + volume, "--mount", "volume=v,target=/v", "example.com/probe",
        "--working-dir", "/home/u", "--", "-c", PROBE);
    assertThat(jaci.exit()).as(jaci.describe()).isZero();
    ProcessRun podman = ProcessRun.run(tmp, "podman", "run", "--rm", "--ulimit",
        "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "-v", volume + ":/v",
        "--workdir", "/home/u", podmanImage, "-c", PROBE);
    assertThat(podman.exit()).as(podman.describe()).isZero();
    List<String> fromJaci = without(jaci.out(), JACI_ONLY);
    List<String> fromPodman = without(podman.out(), PODMAN_ONLY);
    assertThat(fromJaci).as("jaci: %s%npodman: %s", jaci.out(), podman.out())
        .contains("uid=1000", "groups=1000 50", "pwd=/home/u", "a-directory", "from-the-host",
            "HOME=/home/u")
        .isEqualTo(fromPodman.stream().map(l -> l.equals("container=podman")
            ? "container=jaci" : l.equals("groups=1000") ? "groups=1000 50" : l).toList());
    assertThat(fromPodman).contains("groups=1000");
    ProcessRun byName = ProcessRun.run(tmp, "podman", "run", "--rm", "--ulimit",
        "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--user", "user", podmanImage, "-c",
        "id -G");
    assertThat(byName.out()).as(byName.describe()).isEqualTo("1000 50\n");
    assertThat(jaci.out().lines()).contains("container=jaci", "AC_APP_NAME=probe")
        .anyMatch(l -> l.startsWith("AC_METADATA_URL=http://"));
    assertThat(podman.out().lines()).contains("container=podman", "TERM=xterm")
        .anyMatch(l -> l.startsWith("HOSTNAME="));
  }

  /** The lines of {@code out} without the variables named in {@code names}. */
  private static List<String> without(String out, Set<String> names) {
    List<String> kept = new ArrayList<>();
    for (String line : out.lines().toList()) {
      int eq = line.indexOf('=');
      if (eq < 0 || !names.contains(line.substring(0, eq))) {
        kept.add(line);
      }
    }
    return kept;
  }
}
