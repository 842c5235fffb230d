package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "Debian packages configured": {@code jaci from-debs --configure} runs the
 * maintainer scripts inside the image through the runner. From the machine's configured Debian
 * mirror, ca-certificates and tzdata end up configured, as root and as nobody, and the real
 * dpkg finds the database clean; from a small repository without dpkg (a busybox shell only),
 * the scripts run in dependency order, and a failing one is one line with no output.
 */
class FromDebsConfigureIT {
  /** Downloads shared with later runs, as the other ITs keep theirs under ~/.cache/jaci-test. */
  private static final Path DEB_CACHE = Path.of(System.getProperty("user.home"),
      ".cache/jaci-test/from-debs");

  @TempDir
  Path tmp;

  private Map<String, String> env(Path home) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    env.put("JACI_STORE", home.resolve("store").toString());
    return env;
  }

  @Test
  void caCertificatesAndTzdataAreConfiguredAsRootAndAsNobody() throws IOException {
    requireRuncAndAptSources();
    AsNobody.requireRoot("the rootless half runs as nobody, started by root");
    Path lock = tmp.resolve("base.lock");
    Path rootAci = tmp.resolve("root.aci");
    long start = System.nanoTime();
    JaciJar.run(tmp, env(tmp), "from-debs", "--configure", "ca-certificates", "tzdata",
        rootAci, "--name", "example.com/configured", "--no-recommends", "--exclude",
        "/usr/share/doc/*", "--exclude", "/usr/share/man/*", "--cache", DEB_CACHE,
        "--lock", lock).assertSuccess();
    System.out.printf("from-debs --configure as root: %d s%n",
        (System.nanoTime() - start) / 1_000_000_000L);
    assertConfigured(extract(rootAci, "root"));
    assertThat(tmp).isDirectoryNotContaining(p -> p.getFileName().toString()
        .contains(".configure-"));

    // as nobody (subordinate IDs 200000:65536), from the same lock and the same downloads
    ProcessRun.run(tmp, "chmod", "755", tmp.toString()).assertSuccess();
    Path home = Files.createDirectory(tmp.resolve("nobody"));
    Path debs = Files.createDirectories(home.resolve("cache/jaci/debs"));
    for (JsonNode p : new ObjectMapper().readTree(lock.toFile()).get("packages")) {
      String sha = p.get("sha256").asText();
      Files.copy(DEB_CACHE.resolve("debs/" + sha + ".deb"), debs.resolve(sha + ".deb"));
    }
    Files.copy(lock, home.resolve("base.lock"));
    ProcessRun.run(tmp, "chown", "-R", AsNobody.UID + ":" + AsNobody.UID, home.toString())
        .assertSuccess();
    Path nobodyAci = home.resolve("nobody.aci");
    start = System.nanoTime();
    List<String> cmd = new ArrayList<>(List.of("env", "HOME=" + home, "XDG_CACHE_HOME="
        + home.resolve("cache"), "JACI_STORE=" + home.resolve("store")));
    cmd.addAll(JaciJar.command("from-debs", "--configure", nobodyAci, "--name",
        "example.com/configured", "--exclude", "/usr/share/doc/*", "--exclude",
        "/usr/share/man/*", "--from-lock", home.resolve("base.lock")));
    ProcessRun nobody = ProcessRun.run(home, Map.of(), AsNobody.command(cmd));
    assertThat(nobody.exit()).as(nobody.describe()).isZero();
    System.out.printf("from-debs --configure as nobody: %d s%n",
        (System.nanoTime() - start) / 1_000_000_000L);
    assertThat(Files.getAttribute(nobodyAci, "unix:uid")).isEqualTo(65534);
    assertConfigured(extract(nobodyAci, "nobody"));
    try (var s = Files.list(home)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("cache", "base.lock", "nobody.aci");
    }
  }

  /** What the maintainer scripts made, checked with the real dpkg. */
  private void assertConfigured(Path root) throws IOException {
    Path bundle = root.resolve("etc/ssl/certs/ca-certificates.crt");
    assertThat(bundle).isRegularFile();
    assertThat(Files.readString(bundle)).contains("-----BEGIN CERTIFICATE-----");
    assertThat(Files.readSymbolicLink(root.resolve("etc/localtime")).toString())
        .isEqualTo("/usr/share/zoneinfo/Etc/UTC");
    assertThat(root.resolve("usr/share/zoneinfo/Etc/UTC")).isRegularFile();
    // owners a postinst gave (base-files': wtmp to group utmp, /var/mail to mail):
    // as nobody the pod lists the owners it leaves (LayoutCommand.ownersAfter)
    assertThat(Files.getAttribute(root.resolve("var/log/wtmp"), "unix:gid")).isEqualTo(43);
    assertThat(Files.getAttribute(root.resolve("var/mail"), "unix:gid")).isEqualTo(8);
    assertThat(root.resolve("usr/sbin/policy-rc.d")).doesNotExist();
    assertThat(root.resolve(".jaci-configure")).doesNotExist();
    ExternalTool.require("dpkg");
    ProcessRun audit = ProcessRun.run(tmp, "dpkg", "--root=" + root, "--audit");
    assertThat(audit.exit()).as(audit.describe()).isZero();
    assertThat(audit.out() + audit.stderr()).as("dpkg --audit").isEmpty();
    ProcessRun query = ProcessRun.run(tmp, "dpkg-query", "--admindir=" + root
        + "/var/lib/dpkg", "-W", "-f", "${Package} ${Status}\n").assertSuccess();
    List<String> lines = query.out().lines().toList();
    assertThat(lines).hasSizeGreaterThan(20)
        .allMatch(l -> l.endsWith(" install ok installed"), "every package installed")
        .anyMatch(l -> l.startsWith("ca-certificates ")).anyMatch(l -> l.startsWith("tzdata "))
        .anyMatch(l -> l.startsWith("dpkg ")); // Essential: brought by --configure
  }

  private Path extract(Path aci, String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("extracted-" + name));
    ProcessRun.run(tmp, "tar", "-xzf", aci.toString(), "-C", dir.toString()).assertSuccess();
    return dir.resolve("rootfs");
  }

  private static void requireRuncAndAptSources() {
    ExternalTool.require("runc");
    boolean sources = Files.isRegularFile(Path.of("/etc/apt/sources.list"))
        || Files.isDirectory(Path.of("/etc/apt/sources.list.d"));
    if (!sources) {
      assertThat("true".equals(System.getenv("CI"))).as("CI=true: no apt sources").isFalse();
      Assumptions.assumeTrue(false, "skipped: no apt sources");
    }
  }

  /** A repository whose only shell is busybox: no dpkg, so jaci runs the scripts itself. */
  private DebRepository busyboxRepository(Path work, String badPostinst) throws IOException {
    String log = "#!/bin/sh\necho \"$DPKG_MAINTSCRIPT_PACKAGE $DPKG_MAINTSCRIPT_NAME $*\" "
        + ">> /var/log/order\n";
    List<Path> debs = new ArrayList<>();
    debs.add(DebRepository.deb(work, "sh", "Package: sh\nVersion: 1\nArchitecture: amd64",
        Map.of("var/log/.keep", ""), src -> {
          Files.createDirectories(src.resolve("bin"));
          Files.copy(ExternalTool.require("busybox"), src.resolve("bin/busybox"));
          Files.createSymbolicLink(src.resolve("bin/sh"), Path.of("busybox"));
        }));
    debs.add(DebRepository.deb(work, "b", "Package: b\nVersion: 1\nArchitecture: all\n"
        + "Pre-Depends: sh", Map.of("DEBIAN/preinst", log, "DEBIAN/postinst", log)));
    debs.add(DebRepository.deb(work, "a", "Package: a\nVersion: 1\nArchitecture: all\n"
        + "Depends: b", Map.of("DEBIAN/preinst", log, "DEBIAN/postinst", log)));
    debs.add(DebRepository.deb(work, "bad", "Package: bad\nVersion: 1\nArchitecture: all\n"
        + "Depends: a", Map.of("DEBIAN/postinst", badPostinst)));
    return DebRepository.serve(tmp.resolve("repo"), debs);
  }

  @Test
  void withoutDpkgTheScriptsRunInDependencyOrder() throws IOException {
    ExternalTool.require("runc");
    Path work = Files.createDirectories(tmp.resolve("work"));
    try (DebRepository repo = busyboxRepository(work, "#!/bin/sh\nexit 0\n")) {
      Path aci = tmp.resolve("a.aci");
      JaciJar.run(tmp, env(tmp), "from-debs", "--configure", "a", aci, "--name",
          "example.com/a", "--mirror", repo.url(), "--suite", "stable", "--allow-unsigned")
          .assertSuccess();
      Path root = extract(aci, "a");
      assertThat(Files.readString(root.resolve("var/log/order"))).isEqualTo(
          "b preinst install\na preinst install\nb postinst configure \na postinst configure \n");
      ProcessRun audit = ProcessRun.run(tmp, "dpkg", "--root=" + root, "--audit");
      assertThat(audit.out() + audit.stderr()).as(audit.describe()).isEmpty();
      assertThat(Files.readString(root.resolve("var/lib/dpkg/status")))
          .doesNotContain("unpacked").contains("Status: install ok installed");
    }
  }

  @Test
  void aFailingMaintainerScriptIsOneLineExitOneAndNoOutput() throws IOException {
    ExternalTool.require("runc");
    Path work = Files.createDirectories(tmp.resolve("work"));
    String bad = "#!/bin/sh\necho \"setting up bad\"\necho \"cannot do it\" >&2\nexit 3\n";
    try (DebRepository repo = busyboxRepository(work, bad)) {
      Path out = Files.createDirectory(tmp.resolve("out"));
      ProcessRun r = JaciJar.run(tmp, env(tmp), "from-debs", "-q", "--configure", "bad",
          out.resolve("bad.aci"), "--name", "example.com/bad", "--mirror", repo.url(),
          "--suite", "stable", "--allow-unsigned", "--lock", out.resolve("bad.lock"));
      assertThat(r.exit()).as(r.describe()).isEqualTo(1);
      assertThat(r.stderr()).isEqualTo("jaci: --configure: bad: postinst configure failed "
          + "with exit code 3: setting up bad | cannot do it; nothing was written\n");
      assertThat(out).isEmptyDirectory(); // no image, no lock, no work area
    }
  }
}
