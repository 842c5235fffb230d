package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, rootless with subordinate ID ranges: a normal user with a range in
 * {@code /etc/subuid} and {@code /etc/subgid} (scripts/install-test-deps.sh gives nobody
 * 200000:65536) runs pods with the whole range mapped through newuidmap/newgidmap, so an
 * image's files of other owners keep their owners and its other users work; a user without a
 * range (daemon, uid 1) is told once what that costs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunIdRangesIT {
  private static final String DAEMON = "1";

  Path tmp;
  Path aci;

  @BeforeAll
  void makeImage(@TempDir Path dir) throws IOException {
    tmp = dir;
    AsNobody.requireRoot("RunIdRangesIT runs as root and switches to nobody and daemon");
    ExternalTool.require("runc");
    ExternalTool.require("newuidmap");
    ExternalTool.require("newgidmap");
    for (String f : List.of("/etc/subuid", "/etc/subgid")) {
      boolean range = Files.readAllLines(Path.of(f)).stream().anyMatch(l -> l.startsWith("nobody:"));
      if (!range) {
        String message = f + " has no range for nobody (scripts/install-test-deps.sh adds one)";
        if ("true".equals(System.getenv("CI"))) {
          fail("CI=true and " + message);
        }
        Assumptions.assumeTrue(false, "skipped: " + message);
      }
    }
    Path tree = BusyboxTree.make(tmp.resolve("tree"), List.of("sh", "cat", "id", "stat"));
    Files.createDirectories(tree.resolve("home/u"));
    Files.createDirectories(tree.resolve("usr/bin"));
    Files.writeString(tree.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/u:/bin/sh\n");
    Files.writeString(tree.resolve("etc/group"), "root:x:0:\nuser:x:1000:\nstaff:x:50:user\n");
    Files.writeString(tree.resolve("home/u/f"), "mine\n");
    Files.writeString(tree.resolve("usr/bin/sgid"), "group staff, setgid\n");
    run("chown", "-R", "1000:1000", tree.resolve("home/u").toString());
    run("chmod", "0700", tree.resolve("home/u").toString());
    run("chmod", "0600", tree.resolve("home/u/f").toString());
    run("chown", "0:50", tree.resolve("usr/bin/sgid").toString());
    run("chmod", "2755", tree.resolve("usr/bin/sgid").toString());
    aci = tmp.resolve("owners.aci");
    JaciJar.run(tmp, "from-rootfs", tree, aci, "--name", "example.com/owners", "--exec",
        "/bin/sh").assertSuccess();
    run("chmod", "755", tmp.toString());
    run("chmod", "644", aci.toString());
  }

  private static void run(String... cmd) {
    ProcessRun.run(Path.of("/"), cmd).assertSuccess();
  }

  private Path store(String uid) throws IOException {
    return JaciAs.store(tmp, uid);
  }

  private ProcessRun jaciAs(String uid, Path store, Object... args) {
    return JaciAs.run(tmp, uid, store, args);
  }

  private ProcessRun jaciAs(Map<String, String> env, String uid, Path store, Object... args) {
    return JaciAs.run(tmp, env, uid, store, args);
  }

  @ParameterizedTest(name = "copy fallback={0}")
  @ValueSource(booleans = {false, true})
  void withARange_theImagesOwnersStay_andAnotherUserWritesItsOwnFiles(boolean copy)
      throws IOException {
    Path store = store(AsNobody.UID);
    ProcessRun r = jaciAs(copy ? Map.of("JACI_RUN_COPY", "1") : Map.of(), AsNobody.UID, store,
        "run", aci, "--user", "1000", "--group", "1000",
        "--supplementary-gids", "50", "--", "-c",
        "id; cat /home/u/f; echo new > /home/u/g; "
            + "stat -c '%n %a %u %g' /home/u /home/u/f /home/u/g /usr/bin/sgid");
    assertThat(r.exit()).as(r.describe()).isZero();
    assertThat(r.stderr()).as("no warning with a range, but the copy's")
        .isEqualTo(copy ? "jaci: warning: JACI_RUN_COPY=1 is set: copying the image tree for "
            + "each app instead (slower, uses disk)\n" : "");
    assertThat(r.out()).isEqualTo("uid=1000(user) gid=1000(user) groups=50(staff)\n"
        + "mine\n"
        + "/home/u 700 1000 1000\n"
        + "/home/u/f 600 1000 1000\n"
        + "/home/u/g 644 1000 1000\n"
        + "/usr/bin/sgid 2755 0 50\n");
    // the app's file belongs to a subordinate ID on the host; pod gc still removes it
    ProcessRun gc = jaciAs(AsNobody.UID, store, "pod", "gc", "--grace-period", "0s");
    assertThat(gc.exit()).as(gc.describe()).isZero();
    try (Stream<Path> pods = Files.list(store.resolve("pods"))) {
      assertThat(pods).isEmpty();
    }
  }

  @Test
  void withoutARange_theCostIsSaidOnce() throws IOException {
    Path store = store(DAEMON);
    ProcessRun r = jaciAs(DAEMON, store, "run", aci, "--", "-c",
        "stat -c '%u %g' /home/u/f");
    assertThat(r.exit()).as(r.describe()).isZero();
    // only the user itself is mapped: root in the pod owns everything
    assertThat(r.out()).isEqualTo("0 0\n");
    assertThat(r.stderr()).contains("/etc/subuid", "only your own user is mapped")
        .hasLineCount(1);
  }
}
