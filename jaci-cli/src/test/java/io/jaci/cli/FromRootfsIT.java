package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jaci from-rootfs} on a realistic root file system made as root with the real tools
 * (mknod, mkfifo, chown to foreign ids, a setuid file, hard links, symlinks, names past the
 * ustar limits, user xattrs with setfattr), archived with GNU tar in its gnu and posix
 * formats and compressed with gzip, bzip2, xz and zstd, then converted by nobody (65534).
 * The image must pass the reference {@code actool validate}, list like the input under GNU
 * tar, and render (as root, from a store) into the same tree as {@code tar -x} of the input.
 */
class FromRootfsIT {
  private static final String NOBODY = "65534";
  private static final String LONG_DIR = "usr/share/" + "d".repeat(110);
  private static final String LONG_FILE = LONG_DIR + "/" + "f".repeat(150);

  @TempDir
  Path tmp;

  Path home;

  @BeforeEach
  void requireRoot() throws IOException {
    if (!"root".equals(System.getProperty("user.name"))) {
      String message = "FromRootfsIT makes device nodes and foreign owners, which needs root";
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true and " + message);
      }
      Assumptions.assumeTrue(false, "skipped: " + message);
    }
    sh("chmod 755 " + tmp);
    home = Files.createDirectory(tmp.resolve("nobody"));
    sh("chmod 777 " + home);
  }

  /** The root file system, made with the real tools, as seed 003's stage3 would have it. */
  private Path makeRootfs() {
    Path src = tmp.resolve("src");
    sh(String.join("\n",
        "set -e",
        "mkdir -p " + src + " && cd " + src,
        "mkdir -p bin dev etc tmp var/lib/foreign " + LONG_DIR,
        "chmod 1777 tmp",
        "printf '#!/bin/sh\\necho su\\n' > bin/su && chmod 4755 bin/su",
        "printf 'busybox' > bin/busybox && chmod 755 bin/busybox",
        "ln bin/busybox bin/ls && ln bin/busybox bin/cat",
        "ln -s busybox bin/sh && ln -s /etc/os-release etc/absolute-link",
        "printf 'ID=test\\n' > etc/os-release",
        "printf 'secret\\n' > etc/shadow && chown 0:42 etc/shadow && chmod 640 etc/shadow",
        "printf 'theirs\\n' > var/lib/foreign/data && chown -R 1234:5678 var/lib/foreign",
        "chown -h 2000000:3000000 etc/absolute-link",
        "printf 'long\\n' > " + LONG_FILE,
        "mknod dev/null c 1 3 && chmod 666 dev/null",
        "mknod dev/sda1 b 8 1 && chown 0:6 dev/sda1 && chmod 660 dev/sda1",
        "mknod dev/big c 511 70000",
        "mkfifo dev/initctl",
        "setfattr -n user.mime -v text/plain etc/os-release",
        "setfattr -n user.empty etc/os-release",
        "touch -d '2001-02-03 04:05:06' etc/os-release bin/su",
        "touch -h -d '2002-03-04 05:06:07' bin/sh"));
    return src;
  }

  @ParameterizedTest
  @CsvSource({"gnu,gzip,gz", "gnu,bzip2,bz2", "posix,xz,xz", "posix,zstd,zst"})
  void aRealTarball_convertedByNobody_validListsAndRendersLikeTheInput(String format,
      String compressor, String ext) throws IOException {
    for (String tool : List.of("tar", "setfattr", "mknod", "setpriv", compressor)) {
      ExternalTool.require(tool);
    }
    Path src = makeRootfs();
    Path tar = tmp.resolve("rootfs.tar");
    String xattrs = format.equals("posix") ? " --xattrs --xattrs-include='*'" : "";
    sh("tar --format=" + format + xattrs + " --numeric-owner -C " + src + " -cf " + tar + " .");
    Path packed = tmp.resolve("rootfs.tar." + ext);
    sh(compressor + " -c " + tar + " > " + packed + " && chmod 644 " + packed);

    Path aci = home.resolve("rootfs.aci");
    ProcessRun run = runAsNobody(JaciJar.command("from-rootfs", packed, aci, "--name",
        "example.com/rootfs:1.0", "--exec", "/bin/sh", "-c", "echo hi", "--user", "1234"));
    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(run.out()).matches("sha512-[0-9a-f]{128}\n");
    assertThat(run.stderr()).isEmpty();

    ProcessRun v = ProcessRun.run(tmp, ExternalTool.require("actool").toString(), "validate",
        aci.toString());
    assertThat(v.exit()).as(v.describe()).isZero();
    assertThat(JaciJar.run(tmp, "validate", aci).assertSuccess().out())
        .isEqualTo(aci + ": valid image archive\n");
    assertThat(JaciJar.run(tmp, "manifest", "cat", aci).assertSuccess().out())
        .contains("\"name\":\"example.com/rootfs\"")
        .contains("{\"name\":\"version\",\"value\":\"1.0\"}")
        .contains("{\"name\":\"os\",\"value\":\"linux\"}")
        .contains("\"exec\":[\"/bin/sh\",\"-c\",\"echo hi\"],\"user\":\"1234\",\"group\":\"0\"");

    // GNU tar lists the image's rootfs as it lists the input: types, modes, numeric owners,
    // sizes, device numbers, dates, names and link targets, in the same order
    String flags = format.equals("posix") ? "--xattrs" : "";
    List<String> input = listing(tar, flags, "./");
    List<String> image = listing(aci, flags, "rootfs/");
    assertThat(image.remove(0)).contains(" manifest");
    assertThat(image).isEqualTo(input);
    assertThat(String.join("\n", input)).contains("8,1").contains("511,70000")
        .contains("1234/5678").contains("-rwsr-xr-x").contains("link to bin/busybox")
        .contains(LONG_FILE);

    // imported and rendered as root, it is the tree tar -x makes of the input
    Path store = tmp.resolve("store");
    String id = run.out().trim();
    assertThat(JaciJar.run(tmp, "--store", store, "image", "import", aci).assertSuccess().out()
        .trim()).isEqualTo(id);
    Path layout = tmp.resolve("rendered");
    JaciJar.run(tmp, "--store", store, "image", "render", id, layout).assertSuccess();
    Path rendered = layout.resolve("rootfs"); // as root, a rootfs-only target would be 0700
    Path extracted = Files.createDirectory(tmp.resolve("extracted"));
    sh("tar --xattrs --xattrs-include='*' --numeric-owner -p -C " + extracted + " -xf " + tar);
    Map<String, String> expected = TreeDescription.of(extracted, true);
    assertThat(expected.get("dev/big")).contains("rdev=511,70000");
    if (format.equals("posix")) { // GNU tar's gnu format has no place for xattrs
      assertThat(expected.get("etc/os-release")).contains("user.mime=");
    }
    assertThat(TreeDescription.of(rendered, true)).isEqualTo(expected);
  }

  @Test
  void sameTarballTwice_sameImage_andStandardInputWorksToo() throws IOException {
    ExternalTool.require("tar");
    Path src = makeRootfs();
    Path tar = tmp.resolve("rootfs.tar");
    sh("tar --numeric-owner -C " + src + " -cf " + tar + " . && chmod 644 " + tar);
    Path a = home.resolve("a.aci");
    Path b = home.resolve("b.aci");
    runAsNobody(JaciJar.command("from-rootfs", tar, a, "--name", "example.com/x"))
        .assertSuccess();
    List<String> viaStdin = new ArrayList<>(List.of(ExternalTool.require("setpriv").toString(),
        "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "sh", "-c",
        String.join(" ", JaciJar.command("from-rootfs", "-", b, "--name", "example.com/x"))
            + " < " + tar));
    ProcessRun.run(home, Map.of(), viaStdin).assertSuccess();
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
  }

  @Test
  void badInput_oneLine_exit1_noOutput() throws IOException {
    ExternalTool.require("xz");
    Path notTar = Files.writeString(home.resolve("notes.txt"), "just text\n");
    assertFails(notTar, 1, notTar + ": not a tar archive, nor gzip, bzip2, xz or zstd data");

    Path src = makeRootfs();
    Path xz = tmp.resolve("rootfs.tar.xz");
    sh("tar -C " + src + " -cf - . | xz -c > " + xz);
    Path truncated = tmp.resolve("truncated.tar.xz");
    sh("head -c $(( $(stat -c %s " + xz + ") / 2 )) " + xz + " > " + truncated);
    assertFails(truncated, 1, truncated + ": truncated xz data: the stream ends early");
    Path corrupt = tmp.resolve("corrupt.tar.xz");
    sh("cp " + xz + " " + corrupt + " && printf 'XXXXXXXXXXXXXXXX' | dd of=" + corrupt
        + " bs=1 seek=$(( $(stat -c %s " + xz + ") / 2 )) conv=notrunc 2>/dev/null");
    assertFails(corrupt, 1, corrupt + ": corrupt xz data");

    Path hostile = tmp.resolve("hostile.tar");
    try (OutputStream out = Files.newOutputStream(hostile); TarWriter t = new TarWriter(out)) {
      t.write(new TarHeader("./", TarEntryType.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0, null));
      t.write(new TarHeader("./../../etc/cron.d/x", TarEntryType.REGULAR, 0644, 0, 0, 1, 0, "",
          0, 0, null), new ByteArrayInputStream(new byte[] {'x'}));
    }
    assertFails(hostile, 1, hostile + ": entry \"./../../etc/cron.d/x\" has a \"..\" component, "
        + "which could leave the root file system");
  }

  @Test
  void theNameIsCheckedBeforeAnythingIsRead() {
    Path missing = tmp.resolve("missing.tar");
    Path out = tmp.resolve("out.aci");
    ProcessRun r = JaciJar.run(tmp, "from-rootfs", missing, out, "--name", "Example.com/X");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("jaci: invalid app string \"Example.com/X\": invalid AC "
        + "identifier").doesNotContain("missing.tar").hasLineCount(1);
    r = JaciJar.run(tmp, "from-rootfs", missing, out, "--name", "example.com/x",
        "--label", "arch=arm64");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("did you mean \"aarch64\"").hasLineCount(1);
    r = JaciJar.run(tmp, "from-rootfs", missing, out, "--name", "example.com/x");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr()).isEqualTo("jaci: " + missing + ": no such file or directory\n");
    assertThat(out).doesNotExist();
  }

  private void assertFails(Path source, int exit, String message) {
    Path out = home.resolve("bad.aci");
    ProcessRun r = runAsNobody(JaciJar.command("from-rootfs", source, out, "--name",
        "example.com/bad"));
    assertThat(r.exit()).as(r.describe()).isEqualTo(exit);
    assertThat(r.stderr()).startsWith("jaci: " + message).hasLineCount(1);
    assertThat(out).doesNotExist();
    assertThat(home.toFile().list()).allMatch(n -> !n.contains("bad.aci"));
  }

  /**
   * {@code tar -tvv --numeric-owner} of {@code archive}, each line's name and link target
   * without {@code prefix} (the root itself becomes the empty name).
   */
  private List<String> listing(Path archive, String flags, String prefix) {
    String out = ProcessRun.run(tmp, "sh", "-c", "tar -tvv --numeric-owner " + flags + " -f "
        + archive).assertSuccess().out();
    List<String> lines = new ArrayList<>();
    List<String> xattrs = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("  x: ")) {
        xattrs.add(line); // GNU tar lists them in the file system's order, jaci sorts them
        continue;
      }
      lines.addAll(sorted(xattrs));
      lines.add(line.replace(" " + prefix, " ").replace(" link to " + prefix, " link to "));
    }
    lines.addAll(sorted(xattrs));
    return lines;
  }

  private static List<String> sorted(List<String> xattrs) {
    List<String> s = new ArrayList<>(xattrs);
    s.sort(null);
    xattrs.clear();
    return s;
  }

  private ProcessRun sh(String script) {
    return ProcessRun.run(tmp, ExternalTool.require("sh").toString(), "-c", script)
        .assertSuccess();
  }

  private ProcessRun runAsNobody(List<String> command) {
    List<String> cmd = new ArrayList<>(List.of(ExternalTool.require("setpriv").toString(),
        "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    cmd.addAll(command);
    return ProcessRun.run(home, Map.of(), cmd);
  }
}
