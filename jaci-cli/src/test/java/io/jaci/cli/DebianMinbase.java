package io.jaci.cli;

import static org.junit.jupiter.api.Assertions.fail;

import io.jaci.core.JaciException;
import io.jaci.core.deb.AptSource;
import io.jaci.core.deb.AptSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The debootstrap minbase tree of the machine's Debian release, from the machine's own apt
 * sources, as the tests that run a real distribution share it: a tarball made once and kept in
 * {@code ~/.cache/jaci-test/} (a fresh CI machine makes it: about two minutes), and the image
 * {@code jaci from-rootfs} makes of it. Needs root (debootstrap, and the owners of the tree).
 */
final class DebianMinbase {
  private static final long DEBOOTSTRAP_MINUTES = 20;

  private DebianMinbase() {}

  /** The machine's Debian release itself (no -updates or -security), with main. */
  static AptSource releaseSource() {
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

  /**
   * The cached tarball of the tree (numeric owners, xattrs); when missing, debootstrap makes
   * the tree in {@code scratch} (which must not exist) first.
   */
  static Path tarball(Path scratch) throws IOException, InterruptedException {
    AptSource source = releaseSource();
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "jaci-test");
    Path tarball = cache.resolve("minbase-" + source.suite() + ".tar");
    if (Files.isRegularFile(tarball)) {
      return tarball;
    }
    ExternalTool.require("debootstrap");
    debootstrap(source, scratch);
    Files.createDirectories(cache);
    Path part = cache.resolve(tarball.getFileName() + ".part");
    run("tar", "-C", scratch.toString(), "--numeric-owner", "--xattrs", "-cf", part.toString(),
        ".");
    Files.move(part, tarball, StandardCopyOption.REPLACE_EXISTING);
    return tarball;
  }

  /** The tree of {@code tarball} in {@code dir}, owners and modes as the tarball has them. */
  static Path extract(Path tarball, Path dir) throws IOException {
    Files.createDirectories(dir);
    run("tar", "-C", dir.toString(), "--numeric-owner", "-xpf", tarball.toString());
    return dir;
  }

  /**
   * {@code jaci from-rootfs} of {@code tarball} into {@code dir/minbase.aci}, named
   * {@code example.com/minbase:1} with {@code /bin/sh} as its app, readable by every user.
   */
  static Path aci(Path dir, Path tarball) {
    Path aci = dir.resolve("minbase.aci");
    JaciJar.run(dir, "--store", dir.resolve("setup-store"), "from-rootfs", tarball, aci,
        "--name", "example.com/minbase:1", "--exec", "/bin/sh").assertSuccess();
    run("chmod", "755", dir.toString());
    run("chmod", "644", aci.toString());
    return aci;
  }

  private static void debootstrap(AptSource source, Path target)
      throws IOException, InterruptedException {
    Path log = target.resolveSibling(target.getFileName() + ".log");
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
}
