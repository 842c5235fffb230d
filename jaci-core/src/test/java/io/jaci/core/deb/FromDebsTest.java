package io.jaci.core.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.aci.ImageValidator;
import io.jaci.core.store.AppString;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole builds from a local repository of dpkg-deb-built packages. */
class FromDebsTest {
  private static final AppString NAME = AppString.parse("example.com/test:1.0");

  @TempDir
  Path tmp;
  private Path repo;
  private TestDebs debs;

  @BeforeEach
  void repository() throws Exception {
    debs = new TestDebs(Files.createDirectories(tmp.resolve("build")));
    Map<String, String> aFiles = new LinkedHashMap<>();
    aFiles.put("usr/bin/a", "#!/bin/sh\necho a\n");
    aFiles.put("usr/bin/a-link", "->a");
    aFiles.put("usr/share/shared", "from a\n");
    aFiles.put("usr/share/doc/a/copyright", "a's copyright\n");
    Path a = debs.deb("Package: a\nVersion: 1.0\nArchitecture: amd64\nMulti-Arch: same", aFiles);
    Path b = debs.deb("Package: b\nVersion: 2.0\nDepends: a (>= 1)",
        Map.of("usr/share/shared", "from b\n", "etc/b.conf", "b=1\n",
            "DEBIAN/conffiles", "/etc/b.conf\n",
            "DEBIAN/md5sums", "0123456789abcdef0123456789abcdef  usr/share/shared\n"));
    repo = TestDebs.flatRepository(tmp.resolve("repo"), List.of(a, b));
  }

  private FromDebs resolving(String... packages) {
    return FromDebs.resolving(List.of(packages), List.of(new AptSource(repo.toUri(), "./",
        List.of(), List.of(), ""))).architecture("amd64").cache(new DebCache(tmp.resolve("c")));
  }

  /** Entries of an ACI as GNU-tar-like lines: "NAME TYPE MODE [-> TARGET]". */
  private static Map<String, String> entries(Path aci, Map<String, String> contents)
      throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(aci));
        TarReader r = new TarReader(in)) {
      for (TarEntry e = r.next(); e != null; e = r.next()) {
        assertThat(out).as("duplicate entry").doesNotContainKey(e.name());
        String link = e.header().linkName().isEmpty() ? "" : " -> " + e.header().linkName();
        out.put(e.name(), e.header().type() + " " + Integer.toOctalString(e.header().mode())
            + " " + e.header().uid() + ":" + e.header().gid() + link);
        if (e.header().type() == TarEntryType.REGULAR) {
          contents.put(e.name(), new String(r.content().readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  @Test
  void writesEveryPackageOnceWithTheLaterOneWinningAndADpkgDatabase() throws Exception {
    Path aci = tmp.resolve("out.aci");
    FromDebs.Result r = resolving("b").excludes(PathExcludes.of(List.of("/usr/share/doc/*")))
        .build(aci, NAME);
    assertThat(r.packages()).extracting(DebPackage::name).containsExactly("a", "b");
    assertThat(ImageValidator.validate(aci).errors()).isEmpty();
    Map<String, String> contents = new LinkedHashMap<>();
    Map<String, String> e = entries(aci, contents);
    assertThat(e.keySet().iterator().next()).isEqualTo("manifest");
    assertThat(contents.get("manifest")).contains("\"name\":\"example.com/test\"")
        .contains("{\"name\":\"version\",\"value\":\"1.0\"}")
        .contains("{\"name\":\"arch\",\"value\":\"amd64\"}")
        .contains("{\"name\":\"os\",\"value\":\"linux\"}");
    assertThat(e).containsEntry("rootfs/usr/bin/a", "REGULAR 644 0:0")
        .containsEntry("rootfs/usr/bin/a-link", "SYMLINK 777 0:0 -> a")
        .containsKey("rootfs/usr/share/doc/")
        .doesNotContainKey("rootfs/usr/share/doc/a/copyright");
    assertThat(contents).containsEntry("rootfs/usr/share/shared", "from b\n")
        .containsEntry("rootfs/etc/b.conf", "b=1\n");
    String status = contents.get("rootfs/var/lib/dpkg/status");
    assertThat(status).startsWith("Package: a\nStatus: install ok installed\nVersion: 1.0\n")
        .contains("\n\nPackage: b\nStatus: install ok installed\nVersion: 2.0\n")
        .contains("Depends: a (>= 1)\n");
    // issue 14 (from-debs): the multiarch layout is declared, so dpkg looks for a:amd64.list
    assertThat(contents.get("rootfs/var/lib/dpkg/info/format")).isEqualTo("1\n");
    // in the package's tar order, as dpkg writes it (dpkg-deb puts symlinks last)
    assertThat(contents.get("rootfs/var/lib/dpkg/info/a:amd64.list"))
        .isEqualTo("/.\n/usr\n/usr/bin\n/usr/bin/a\n/usr/share\n/usr/share/doc\n"
            + "/usr/share/shared\n/usr/bin/a-link\n");
    assertThat(contents.get("rootfs/var/lib/dpkg/info/b.list")).contains("/etc/b.conf\n");
    assertThat(contents.get("rootfs/var/lib/dpkg/info/b.md5sums"))
        .isEqualTo("0123456789abcdef0123456789abcdef  usr/share/shared\n");
    assertThat(contents.get("rootfs/var/lib/dpkg/info/b.conffiles")).isEqualTo("/etc/b.conf\n");
    // issue 14 (from-debs): as dpkg records them (digests from md5sum(1)): the conffiles'
    // digests in status, and an md5sums file of its own for a package that ships none (of
    // a's files as a has them, the excluded one left out)
    assertThat(status).contains("Conffiles:\n /etc/b.conf f9d9961d5c8c75cc7f8c3df138d002a1\n"
        + "Description: ");
    assertThat(contents.get("rootfs/var/lib/dpkg/info/a:amd64.md5sums"))
        .isEqualTo("12886ee41e7e7d186dcab21adf0669cb  usr/bin/a\n"
            + "9a4aebdb35cb0b98139a6e2bf7ea938a  usr/share/shared\n");
  }

  @Test
  void hardLinksPointIntoTheRootfsAndFollowTheirExcludedTarget() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("usr/bin/x", "same inode\n");
    files.put("usr/bin/y", "=>usr/bin/x");
    files.put("usr/share/doc/h/a", "doc\n");
    files.put("usr/share/doc/h/b", "=>usr/share/doc/h/a");
    Path h = debs.deb("Package: h\nVersion: 1", files);
    Path aci = tmp.resolve("links.aci");
    resolving().localDebs(List.of(h)).excludes(PathExcludes.of(List.of("/usr/share/doc/*")))
        .build(aci, NAME);
    assertThat(ImageValidator.validate(aci).errors()).isEmpty();
    Map<String, String> e = entries(aci, new LinkedHashMap<>());
    String x = e.containsKey("rootfs/usr/bin/x") && e.get("rootfs/usr/bin/x").startsWith("REG")
        ? "x" : "y";
    String other = x.equals("x") ? "y" : "x";
    assertThat(e.get("rootfs/usr/bin/" + other))
        .isEqualTo("HARD_LINK 644 0:0 -> rootfs/usr/bin/" + x);
    assertThat(e.keySet()).noneMatch(n -> n.startsWith("rootfs/usr/share/doc/h/"));
  }

  /** Issue 14 (from-debs): --base-passwd makes the users of base-passwd's master files. */
  @Test
  void basePasswdMakesEtcPasswdAndGroupFromTheMasterFiles() throws Exception {
    String passwd = "root:*:0:0:root:/root:/bin/sh\nnobody:*:65534:65534::/:/bin/false\n";
    String group = "root:*:0:\nnogroup:*:65534:\n";
    Path basePasswd = debs.deb("Package: base-passwd\nVersion: 3.6\nEssential: yes",
        Map.of("usr/share/base-passwd/passwd.master", passwd,
            "usr/share/base-passwd/group.master", group,
            "usr/share/doc/base-passwd/README", "doc\n"));
    Path aci = tmp.resolve("users.aci");
    FromDebs.Result r = resolving("a").localDebs(List.of(basePasswd)).basePasswd(true)
        .excludes(PathExcludes.of(List.of("/usr/share/*"))).build(aci, NAME);
    assertThat(r.packages()).extracting(DebPackage::name).contains("base-passwd");
    assertThat(ImageValidator.validate(aci).errors()).isEmpty();
    Map<String, String> contents = new LinkedHashMap<>();
    Map<String, String> e = entries(aci, contents);
    assertThat(e).containsEntry("rootfs/etc/passwd", "REGULAR 644 0:0")
        .containsEntry("rootfs/etc/group", "REGULAR 644 0:0")
        .containsEntry("rootfs/etc/", "DIRECTORY 755 0:0");
    assertThat(contents).containsEntry("rootfs/etc/passwd", passwd)
        .containsEntry("rootfs/etc/group", group)
        .doesNotContainKey("rootfs/usr/share/base-passwd/passwd.master"); // excluded

    Path without = tmp.resolve("without.aci");
    resolving("a").localDebs(List.of(basePasswd)).build(without, NAME);
    assertThat(entries(without, new LinkedHashMap<>())).doesNotContainKey("rootfs/etc/passwd");
    assertThatThrownBy(() -> resolving("a").basePasswd(true).build(tmp.resolve("x.aci"), NAME))
        .hasMessage("base-passwd: not in the index");
  }

  @Test
  void dpkgInsideTheTreeKnowsWhatIsInstalled() throws Exception {
    TestDebs.requireTool("dpkg");
    TestDebs.requireTool("tar");
    Path aci = tmp.resolve("out.aci");
    resolving("b").build(aci, NAME);
    Path root = Files.createDirectories(tmp.resolve("tree"));
    TestDebs.run(root, "tar", "-xzf", aci.toString(), "--no-same-owner");
    String listed = TestDebs.run(root, "dpkg-query", "--admindir=" + root.resolve(
        "rootfs/var/lib/dpkg"), "-W", "-f", "${Package} ${Version} ${Status}\n");
    assertThat(listed).isEqualTo("a 1.0 install ok installed\nb 2.0 install ok installed\n");
    String owner = TestDebs.run(root, "dpkg-query", "--admindir=" + root.resolve(
        "rootfs/var/lib/dpkg"), "-S", "/etc/b.conf");
    assertThat(owner).isEqualTo("b: /etc/b.conf\n");
  }

  @Test
  void aLockRebuildsTheSameImage() throws Exception {
    Path lock = tmp.resolve("lock.json");
    FromDebs.Result first = resolving("b").lockFile(lock).sourceDateEpoch(1_700_000_000L)
        .build(tmp.resolve("1.aci"), NAME);
    String json = Files.readString(lock);
    assertThat(json).contains("\"package\" : \"a\"").contains("\"version\" : \"2.0\"")
        .contains("\"sha256\" : \"" + first.packages().get(0).sha256() + "\"");
    FromDebs.Result second = FromDebs.fromLock(lock).cache(new DebCache(tmp.resolve("c2")))
        .sourceDateEpoch(1_700_000_000L).build(tmp.resolve("2.aci"), NAME);
    assertThat(second.imageId()).isEqualTo(first.imageId());
    assertThat(Files.readAllBytes(tmp.resolve("2.aci")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("1.aci")));
    Map<String, String> contents = new LinkedHashMap<>();
    entries(tmp.resolve("2.aci"), contents);
    assertThat(contents.get("rootfs/var/lib/dpkg/status")).contains("Package: b\n");
  }

  @Test
  void aPackageThatDoesNotMatchItsIndexLeavesNoOutput() throws Exception {
    Path pooled;
    try (var s = Files.list(repo.resolve("pool"))) {
      pooled = s.filter(p -> p.getFileName().toString().endsWith(".deb")).sorted().toList()
          .get(1);
    }
    byte[] bytes = Files.readAllBytes(pooled);
    bytes[bytes.length - 1] ^= 1;
    Files.write(pooled, bytes);
    Path aci = tmp.resolve("out.aci");
    assertThatThrownBy(() -> resolving("b").build(aci, NAME))
        .isInstanceOf(JaciException.class)
        .hasMessageContaining(pooled.toString())
        .hasMessageContaining("SHA256 mismatch: expected ");
    assertThat(aci).doesNotExist();
    assertThat(tmp.toFile().list()).as("no temporary output left").noneMatch(
        n -> n.contains("out.aci"));
  }

  @Test
  void truncatedAndForeignLocalDebsAreRefusedBeforeAnyOutput() throws Exception {
    Path good = debs.deb("Package: c\nVersion: 1", Map.of("usr/c", "x".repeat(100_000)));
    byte[] all = Files.readAllBytes(good);
    Path truncated = tmp.resolve("truncated.deb");
    Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
    Path foreign = tmp.resolve("foreign.deb");
    Files.writeString(foreign, "hello, I am not a package\n");
    Path aci = tmp.resolve("out.aci");
    assertThatThrownBy(() -> resolving().localDebs(List.of(truncated)).build(aci, NAME))
        .hasMessageStartingWith(truncated + ": truncated");
    assertThatThrownBy(() -> resolving().localDebs(List.of(foreign)).build(aci, NAME))
        .hasMessage(foreign + ": not a Debian package (no ar archive header)");
    assertThat(aci).doesNotExist();
    FromDebs.Result ok = resolving().localDebs(List.of(good)).build(aci, NAME);
    assertThat(ok.packages()).extracting(DebPackage::name).containsExactly("c");
  }

  @Test
  void unknownPackagesAndBadNamesAreOneLine() throws Exception {
    Path aci = tmp.resolve("out.aci");
    assertThatThrownBy(() -> resolving("nosuch").build(aci, NAME))
        .hasMessage("nosuch: not in the index");
    assertThatThrownBy(() -> resolving("b").architecture("mips64el").build(aci, NAME))
        .hasMessageContaining("has no appc arch label");
    assertThat(aci).doesNotExist();
  }
}
