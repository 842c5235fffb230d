package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jaci from-debs against a repository of dpkg-deb-built packages served over HTTP on
 * 127.0.0.1, and against the machine's configured Debian mirror: an image of hello whose
 * /usr/bin/hello must run in a chroot.
 */
class FromDebsIT {
  @TempDir
  Path tmp;

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    env.put("JACI_STORE", tmp.resolve("store").toString());
    return env;
  }

  private ProcessRun jaci(Object... args) {
    return JaciJar.run(tmp, env(), args);
  }

  private DebRepository repository(Path work) throws IOException {
    List<Path> debs = new ArrayList<>();
    debs.add(DebRepository.deb(work, "app", "Package: app\nVersion: 1.0\nArchitecture: amd64\n"
        + "Depends: libgood (>= 2) | libbad, mta", Map.of("usr/bin/app", "app\n")));
    debs.add(DebRepository.deb(work, "libgood1", "Package: libgood\nVersion: 1.0\n"
        + "Architecture: amd64", Map.of("usr/lib/libgood.so.1", "old\n")));
    debs.add(DebRepository.deb(work, "libgood2", "Package: libgood\nVersion: 2.0\n"
        + "Architecture: amd64\nMulti-Arch: same", Map.of("usr/lib/libgood.so.2", "x".repeat(200_000))));
    debs.add(DebRepository.deb(work, "exim", "Package: exim\nVersion: 4\nArchitecture: all\n"
        + "Provides: mta", Map.of("usr/sbin/exim", "exim\n")));
    return DebRepository.serve(tmp.resolve("repo"), debs);
  }

  @Test
  void resolvesDownloadsVerifiesAndCachesOverHttp() throws IOException {
    Path work = Files.createDirectories(tmp.resolve("work"));
    try (DebRepository repo = repository(work)) {
      Path aci = tmp.resolve("app.aci");
      ProcessRun r = jaci("from-debs", "app", aci, "--name", "example.com/app:1.0",
          "--mirror", repo.url(), "--suite", "stable", "--allow-unsigned", "--components", "main",
          "--lock", tmp.resolve("lock.json")).assertSuccess();
      assertThat(r.out()).matches("sha512-[0-9a-f]{128}\n");
      String listing = ProcessRun.run(tmp, "tar", "-tzf", aci.toString()).assertSuccess().out();
      assertThat(listing.split("\n")).startsWith("manifest")
          .contains("rootfs/usr/bin/app", "rootfs/usr/lib/libgood.so.2", "rootfs/usr/sbin/exim",
              "rootfs/var/lib/dpkg/status", "rootfs/var/lib/dpkg/info/app.list")
          .doesNotContain("rootfs/usr/lib/libgood.so.1");
      String lock = Files.readString(tmp.resolve("lock.json"));
      assertThat(lock).contains("\"package\" : \"libgood\"", "\"version\" : \"2.0\"",
          repo.url() + "pool/main/libgood2.deb");
      assertThat(repo.requestsFor(".deb")).isEqualTo(3);
      assertThat(repo.requestsFor("binary-amd64/Packages.gz")).isEqualTo(1);

      // a second run fetches the Release file again, nothing else
      ProcessRun again = jaci("from-debs", "app", tmp.resolve("again.aci"), "--name",
          "example.com/app:1.0", "--mirror", repo.url(), "--suite", "stable", "--allow-unsigned").assertSuccess();
      assertThat(again.out()).isEqualTo(r.out());
      assertThat(repo.requestsFor(".deb")).isEqualTo(3);
      assertThat(repo.requestsFor("binary-amd64/Packages.gz")).isEqualTo(1);
    }
  }

  /** Issue 14 (from-debs): dpkg finds every package's files, Multi-Arch: same ones too. */
  @Test
  void dpkgAuditsAndVerifiesTheDatabaseCleanly() throws IOException {
    Path work = Files.createDirectories(tmp.resolve("work"));
    try (DebRepository repo = repository(work)) {
      Path aci = tmp.resolve("app.aci");
      jaci("from-debs", "app", aci, "--name", "example.com/app:1.0", "--mirror", repo.url(),
          "--suite", "stable", "--allow-unsigned").assertSuccess();
      Path root = extractRootfs(aci);
      assertThat(root.resolve("var/lib/dpkg/info/libgood:amd64.list")).exists();
      assertDpkgAcceptsTheDatabase(root);
    }
  }

  private Path extractRootfs(Path aci) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("extracted"));
    ProcessRun.run(tmp, "tar", "-xzf", aci.toString(), "-C", dir.toString()).assertSuccess();
    return dir.resolve("rootfs");
  }

  /** {@code dpkg --audit} and {@code dpkg -V} say nothing and succeed. */
  private void assertDpkgAcceptsTheDatabase(Path root) {
    ExternalTool.require("dpkg");
    for (String check : List.of("--audit", "--verify")) {
      ProcessRun r = ProcessRun.run(tmp, "dpkg", "--root=" + root, check);
      assertThat(r.exit()).as(r.describe()).isZero();
      assertThat(r.out() + r.stderr()).as("dpkg " + check).isEmpty();
    }
  }

  @Test
  void aTamperedOrTruncatedPackageIsOneLineAndNoOutput() throws IOException {
    Path work = Files.createDirectories(tmp.resolve("work"));
    try (DebRepository repo = repository(work)) {
      Path pooled = repo.root().resolve("pool/main/libgood2.deb");
      byte[] original = Files.readAllBytes(pooled);
      byte[] flipped = original.clone();
      flipped[flipped.length - 100] ^= 1;
      Files.write(pooled, flipped);
      Path aci = tmp.resolve("app.aci");
      // -q: only the error on stderr, no remarks
      ProcessRun r = jaci("from-debs", "-q", "app", aci, "--name", "example.com/app",
          "--mirror", repo.url(), "--suite", "stable", "--allow-unsigned");
      assertThat(r.exit()).as(r.describe()).isEqualTo(1);
      assertThat(r.stderr().strip()).doesNotContain("\n").startsWith("jaci: libgood 2.0")
          .contains("SHA256 mismatch");
      assertThat(aci).doesNotExist();

      Files.write(pooled, Arrays.copyOf(original, original.length / 2));
      r = jaci("from-debs", "-q", "app", aci, "--name", "example.com/app", "--mirror", repo.url(),
          "--suite", "stable", "--allow-unsigned");
      assertThat(r.exit()).as(r.describe()).isEqualTo(1);
      assertThat(r.stderr().strip()).doesNotContain("\n")
          .contains("bytes, the index says " + original.length);
      assertThat(aci).doesNotExist();
      try (java.util.stream.Stream<Path> cached = Files.list(tmp.resolve("cache/jaci/debs"))) {
        List<String> names = cached.map(p -> p.getFileName().toString()).toList();
        // how many of the other downloads finish before the mismatch stops the run depends on
        // timing (none, on a loaded machine): what is there must be complete and verified
        assertThat(names).as("completed downloads only")
            .allMatch(n -> n.matches("[0-9a-f]{64}\\.deb"));
      }
    }
  }

  @Test
  void badInputIsOneLineExitOneAndNoOutput() throws IOException {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path truncated = tmp.resolve("truncated.deb");
    byte[] good = Files.readAllBytes(DebRepository.deb(work, "big", "Package: big\n"
        + "Version: 1\nArchitecture: all", Map.of("data", "y".repeat(300_000) + Math.random())));
    Files.write(truncated, Arrays.copyOf(good, good.length - 40));
    Path notDeb = tmp.resolve("not.deb");
    Files.writeString(notDeb, "plain text\n");
    Path aci = tmp.resolve("x.aci");
    try (DebRepository repo = repository(work)) {
      Object[][] cases = {
          {"--deb", truncated, "truncated"},
          {"--deb", notDeb, "not a Debian package"},
          {"nosuch", null, "nosuch: not in the index"},
      };
      for (Object[] c : cases) {
        List<Object> args = new ArrayList<>(List.of("from-debs", "-q"));
        args.addAll(c[1] == null ? List.of(c[0]) : List.of(c[0], c[1]));
        args.addAll(List.of(aci, "--name", "example.com/x", "--mirror", repo.url(),
            "--suite", "stable", "--allow-unsigned"));
        ProcessRun r = jaci(args.toArray());
        assertThat(r.exit()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr().strip()).as(r.describe()).startsWith("jaci: ")
            .contains((String) c[2]).doesNotContain("\n");
        assertThat(aci).doesNotExist();
      }
    }
    for (String mirror : List.of("http://127.0.0.1:1/debian", "http://[broken", "ftp://x/")) {
      ProcessRun r = jaci("from-debs", "hello", aci, "--name", "example.com/x", "--mirror",
          mirror, "--suite", "stable");
      assertThat(r.exit()).as(r.describe()).isEqualTo(1);
      assertThat(r.stderr().strip()).as(r.describe()).startsWith("jaci: ").doesNotContain("\n");
      assertThat(aci).doesNotExist();
    }
    ProcessRun badName = jaci("from-debs", "hello", aci, "--name", "Bad Name");
    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.stderr()).contains("invalid");
  }

  @Test
  void signedReleasesAreCheckedAndUnsignedOnesRefused() throws IOException {
    ExternalTool.require("gpg");
    Path work = Files.createDirectories(tmp.resolve("work"));
    try (DebRepository repo = repository(work)) {
      Path aci = tmp.resolve("app.aci");
      ProcessRun unsigned = jaci("from-debs", "-q", "app", aci, "--name", "example.com/app",
          "--mirror", repo.url(), "--suite", "stable");
      assertThat(unsigned.exit()).as(unsigned.describe()).isEqualTo(1);
      assertThat(unsigned.stderr()).isEqualTo("jaci: " + repo.url() + "dists/stable/Release: "
          + "the repository is not signed (no InRelease, no Release.gpg); --allow-unsigned "
          + "uses it anyway\n");

      Path keyring = repo.sign(tmp.resolve("gnupg"));
      ProcessRun signed = jaci("from-debs", "app", aci, "--name", "example.com/app",
          "--mirror", repo.url(), "--suite", "stable", "--keyring", keyring).assertSuccess();
      assertThat(signed.out()).matches("sha512-[0-9a-f]{128}\n");

      Path debian = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
      if (Files.isRegularFile(debian)) {
        ProcessRun wrongKey = jaci("from-debs", "-q", "app", tmp.resolve("other.aci"),
            "--name", "example.com/app", "--mirror", repo.url(), "--suite", "stable",
            "--keyring", debian);
        assertThat(wrongKey.exit()).as(wrongKey.describe()).isEqualTo(1);
        assertThat(wrongKey.stderr()).startsWith("jaci: " + repo.url()
            + "dists/stable/InRelease: no valid OpenPGP signature by a key of " + debian);
        assertThat(tmp.resolve("other.aci")).doesNotExist();
      }
    }
  }

  /** The same closure as apt's own resolver computes for a system with nothing installed. */
  @Test
  void resolvesTheSetAptResolvesFromTheConfiguredMirror() throws IOException {
    boolean ci = "true".equals(System.getenv("CI"));
    if (!Files.isDirectory(Path.of("/var/lib/apt/lists")) || ExternalTool.find("apt-get") == null) {
      assertThat(ci).as("CI=true: apt-get and its lists are needed").isFalse();
      Assumptions.assumeTrue(false, "skipped: no apt-get or apt lists");
    }
    List<String> packages = List.of("curl", "python3-minimal", "bash");
    List<String> apt = new ArrayList<>(List.of("apt-get", "-s", "-o",
        "Dir::State::status=/dev/null", "install", "--no-install-recommends"));
    apt.addAll(packages);
    ProcessRun sim = ProcessRun.run(tmp, Map.of(), apt).assertSuccess();
    List<String> aptSet = sim.out().lines().filter(l -> l.startsWith("Inst "))
        .map(l -> l.split(" ")[1]).sorted().toList();
    List<Object> args = new ArrayList<>(List.of("from-debs"));
    args.addAll(packages);
    args.addAll(List.of(tmp.resolve("set.aci"), "--name", "example.com/set",
        "--no-recommends", "--lock", tmp.resolve("set.lock")));
    jaci(args.toArray()).assertSuccess();
    List<String> jaciSet = new ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("set.lock").toFile())
        .get("packages").forEach(p -> jaciSet.add(p.get("package").asText()));
    jaciSet.sort(null);
    assertThat(aptSet).hasSizeGreaterThan(10);
    assertThat(jaciSet).isEqualTo(aptSet);
  }

  /**
   * Issue 14 (from-debs): with --base-passwd a minimal image (coreutils and what it needs)
   * knows its users: whoami works as root and as nobody.
   */
  @Test
  void basePasswdLetsWhoamiNameTheUserInAMinimalImage() throws IOException {
    Path rendered = fromTheConfiguredMirror(List.of("coreutils", "--no-recommends",
        "--base-passwd", "--exclude", "/usr/share/doc/*"));
    ProcessRun root = ProcessRun.run(tmp, "chroot", rendered.toString(), "/usr/bin/whoami");
    assertThat(root.exit()).as(root.describe()).isZero();
    assertThat(root.out()).isEqualTo("root\n");
    // as root, a --rootfs-only render is handed back private (0700, issue 10 item 1): open
    // its top directory to other users, as the README tells, before entering it as nobody
    java.nio.file.Files.setPosixFilePermissions(rendered,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessRun nobody = ProcessRun.run(tmp, "chroot", "--userspec=nobody:nogroup",
        rendered.toString(), "/usr/bin/whoami");
    assertThat(nobody.exit()).as(nobody.describe()).isZero();
    assertThat(nobody.out()).isEqualTo("nobody\n");
    assertDpkgAcceptsTheDatabase(rendered);
  }

  /** Builds from the machine's apt sources and renders the rootfs; needs root for chroot. */
  private Path fromTheConfiguredMirror(List<String> args) throws IOException {
    requireChrootAndAptSources();
    Path aci = tmp.resolve("mirror.aci");
    List<Object> build = new ArrayList<>(List.of("from-debs"));
    build.addAll(args);
    build.addAll(List.of(aci, "--name", "example.com/mirror"));
    String id = jaci(build.toArray()).assertSuccess().out().strip();
    jaci("image", "import", aci).assertSuccess();
    Path rendered = tmp.resolve("rendered-mirror");
    jaci("image", "render", id, rendered, "--rootfs-only").assertSuccess();
    return rendered;
  }

  private static void requireChrootAndAptSources() {
    boolean ci = "true".equals(System.getenv("CI"));
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root) {
      assertThat(ci).as("CI=true: this test must run as root (chroot)").isFalse();
      Assumptions.assumeTrue(false, "skipped: chroot needs root");
    }
    ExternalTool.require("chroot");
    boolean sources = Files.isRegularFile(Path.of("/etc/apt/sources.list"))
        || Files.isDirectory(Path.of("/etc/apt/sources.list.d"));
    if (!sources) {
      assertThat(ci).as("CI=true: no apt sources on this machine").isFalse();
      Assumptions.assumeTrue(false, "skipped: no apt sources");
    }
  }

  /** The real thing: hello from the machine's Debian mirror, run inside the image. */
  @Test
  void helloFromTheConfiguredMirrorRunsInAChroot() throws IOException {
    requireChrootAndAptSources();
    Map<String, String> env = env();
    env.put("SOURCE_DATE_EPOCH", "1700000000");
    Path aci = tmp.resolve("hello.aci");
    Path lock = tmp.resolve("hello.lock");
    ProcessRun built = JaciJar.run(tmp, env, "from-debs", "hello", aci, "--name",
        "example.com/hello", "--exclude", "/usr/share/doc/*", "--exclude", "/usr/share/man/*",
        "--lock", lock).assertSuccess();
    String id = built.out().strip();
    ProcessRun imported = JaciJar.run(tmp, env, "image", "import", aci).assertSuccess();
    assertThat(imported.out().strip()).isEqualTo(id);
    Path rendered = tmp.resolve("rendered");
    JaciJar.run(tmp, env, "image", "render", id, rendered, "--rootfs-only").assertSuccess();
    ProcessRun hello = ProcessRun.run(tmp, "chroot", rendered.toString(), "/usr/bin/hello");
    assertThat(hello.exit()).as(hello.describe()).isZero();
    assertThat(hello.out()).isEqualTo("Hello, world!\n");
    assertThat(rendered.resolve("usr/share/doc")).isEmptyDirectory();
    ProcessRun dpkg = ProcessRun.run(tmp, "dpkg", "--root=" + rendered, "-l", "hello", "libc6");
    assertThat(dpkg.exit()).as(dpkg.describe()).isZero();
    assertThat(dpkg.out()).containsPattern("(?m)^ii +hello ").containsPattern("(?m)^ii +libc6");
    assertDpkgAcceptsTheDatabase(rendered); // issue 14: libc6 is Multi-Arch: same

    ProcessRun again = JaciJar.run(tmp, env, "from-debs", aci.resolveSibling("again.aci"),
        "--name", "example.com/hello", "--exclude", "/usr/share/doc/*", "--exclude",
        "/usr/share/man/*", "--from-lock", lock).assertSuccess();
    assertThat(again.out().strip()).isEqualTo(id);
  }
}
