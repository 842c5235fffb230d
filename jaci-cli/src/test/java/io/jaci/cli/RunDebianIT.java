package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jaci.core.JaciException;
import io.jaci.core.deb.AptSource;
import io.jaci.core.deb.AptSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
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
  private static final long DEBOOTSTRAP_MINUTES = 20;

  Path tmp;
  Path tree;
  Path aci;

  @BeforeAll
  void makeImage(@TempDir Path dir) throws IOException, InterruptedException {
    tmp = dir;
    AsNobody.requireRoot("RunDebianIT makes its tree with debootstrap and switches to nobody");
    ExternalTool.require("runc");
    ExternalTool.require("setpriv");
    ExternalTool.require("debootstrap");
    AptSource source = releaseSource();
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "jaci-test");
    Path tarball = cache.resolve("minbase-" + source.suite() + ".tar");
    tree = tmp.resolve("tree");
    if (Files.isRegularFile(tarball)) {
      Files.createDirectories(tree);
      run("tar", "-C", tree.toString(), "--numeric-owner", "-xpf", tarball.toString());
    } else {
      debootstrap(source, tree);
      Files.createDirectories(cache);
      Path part = cache.resolve(tarball.getFileName() + ".part");
      run("tar", "-C", tree.toString(), "--numeric-owner", "--xattrs", "-cf", part.toString(),
          ".");
      Files.move(part, tarball, StandardCopyOption.REPLACE_EXISTING);
    }
    aci = tmp.resolve("minbase.aci");
    JaciJar.run(tmp, "from-rootfs", tarball, aci, "--name", "example.com/minbase:1",
        "--exec", "/bin/sh").assertSuccess();
    run("chmod", "755", tmp.toString());
    run("chmod", "644", aci.toString());
  }

  /** The machine's Debian release itself (no -updates or -security), with main. */
  private static AptSource releaseSource() {
    List<AptSource> sources;
    try {
      sources = AptSources.readSystem();
    } catch (JaciException e) {
      sources = List.of();
    }
    for (AptSource s : sources) {
      if (!s.flat() && !s.suite().contains("-") && s.components().contains("main")) {
        return s;
      }
    }
    String message = "no Debian release source with main in the apt sources";
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true and " + message);
    }
    Assumptions.assumeTrue(false, "skipped: " + message);
    throw new AssertionError("unreachable");
  }

  private static void debootstrap(AptSource source, Path target)
      throws IOException, InterruptedException {
    Path log = target.resolveSibling("debootstrap.log");
    Process p = new ProcessBuilder("debootstrap", "--variant=minbase", source.suite(),
        target.toString(), source.uri().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(DEBOOTSTRAP_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("debootstrap did not finish in " + DEBOOTSTRAP_MINUTES + " minutes");
    }
    if (p.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      fail("debootstrap failed: "
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }
  }

  private static void run(String... cmd) {
    ProcessRun.run(Path.of("/"), cmd).assertSuccess();
  }

  private Path store(String uid) throws IOException {
    Path s = Files.createTempDirectory(tmp, "store-" + uid + "-");
    run("chown", uid, s.toString());
    return s;
  }

  private ProcessRun jaciAs(String uid, Path store, Object... args) {
    List<Object> all = new ArrayList<>(List.of("--store", store));
    all.addAll(List.of(args));
    if (uid.equals("0")) {
      return JaciJar.run(tmp, all.toArray());
    }
    return ProcessRun.run(tmp, Map.of(), AsNobody.jaci(all.toArray()));
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
