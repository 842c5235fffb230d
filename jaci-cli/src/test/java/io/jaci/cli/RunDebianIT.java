package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11: {@code jaci run} of a real distribution tree that jaci made itself, the debootstrap
 * minbase tree of the machine's Debian release turned into an ACI by {@code jaci from-rootfs},
 * as root and as nobody (rootless, with nobody's subordinate ID range). The expected answers
 * come from the tree itself: its files, and {@code chroot TREE id} run without jaci.
 *
 * <p>The tarball is made once with debootstrap from the machine's apt sources and kept in
 * {@code ~/.cache/jaci-test/} (a fresh CI machine makes it: about two minutes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunDebianIT {
  Path tmp;
  Path tree;
  Path aci;

  @BeforeAll
  void makeImage(@TempDir Path dir) throws IOException, InterruptedException {
    tmp = dir;
    AsNobody.requireRoot("RunDebianIT makes its tree with debootstrap and switches to nobody");
    ExternalTool.require("runc");
    ExternalTool.require("setpriv");
    Path tarball = DebianMinbase.tarball(tmp.resolve("debootstrap"));
    tree = DebianMinbase.extract(tarball, tmp.resolve("tree"));
    aci = DebianMinbase.aci(tmp, tarball);
  }

  private Path store(String uid) throws IOException {
    return JaciAs.store(tmp, uid);
  }

  private ProcessRun jaciAs(String uid, Path store, Object... args) {
    return JaciAs.run(tmp, uid, store, args);
  }

  /** What the tree says without jaci: {@code chroot TREE CMD...}. */
  private String inChroot(String... cmd) {
    List<String> all = new ArrayList<>(List.of("chroot", tree.toString()));
    all.addAll(List.of(cmd));
    ProcessRun r = ProcessRun.run(Path.of("/"), all.toArray(String[]::new));
    assertThat(r.exit()).as(r.describe()).isZero();
    return r.out();
  }

  @ParameterizedTest(name = "as uid {0}")
  @ValueSource(strings = {"0", AsNobody.UID})
  void theDebianTreeRuns_itsFilesUsersAndDatabaseAsTheTreeHasThem(String uid)
      throws IOException {
    Path store = store(uid);
    ProcessRun r = jaciAs(uid, store, "run", aci, "--", "-c",
        "cat /etc/debian_version; id nobody; stat -c '%u %g %a' /etc/shadow /var/log/apt; "
            + "dpkg --audit && echo dpkg-audit-clean; dpkg-query -W -f='${Status}\\n' bash; "
            + "exit 7");
    assertThat(r.exit()).as(r.describe()).isEqualTo(7);
    String expected = Files.readString(tree.resolve("etc/debian_version"))
        + inChroot("id", "nobody")
        + inChroot("stat", "-c", "%u %g %a", "/etc/shadow", "/var/log/apt")
        + "dpkg-audit-clean\n"
        + "install ok installed\n";
    assertThat(r.out()).as(r.describe()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "as uid {0}")
  @ValueSource(strings = {"0", AsNobody.UID})
  void aNamedUserOfTheImage_getsItsIds_andCannotReadShadow(String uid) throws IOException {
    Path store = store(uid);
    ProcessRun r = jaciAs(uid, store, "run", aci, "--user", "nobody", "--group", "nogroup",
        "--", "-c", "id -u; id -g; cat /etc/shadow >/dev/null 2>&1 || echo refused");
    assertThat(r.exit()).as(r.describe()).isZero();
    assertThat(r.out()).as(r.describe()).isEqualTo(inChroot("id", "-u", "nobody")
        + inChroot("getent", "group", "nogroup").split(":")[2] + "\n" + "refused\n");
  }
}
