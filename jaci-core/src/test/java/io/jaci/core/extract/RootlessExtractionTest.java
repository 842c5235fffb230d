package io.jaci.core.extract;

import static io.jaci.core.extract.Tars.tar;
import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As a normal user nothing that needs root is a failure: owners, devices and privileged
 * attributes are reported in {@link ExtractResult#notRestored()}. Run as root, the test
 * runs the extraction in a child JVM as uid 65534 ({@code setpriv}).
 */
class RootlessExtractionTest {
  private static final boolean ROOT = SpecialFiles.effectiveUid() == 0;
  private static final int NOBODY = 65534;

  @TempDir Path tmp;

  private static Tars privilegedArchive() {
    TreeMap<String, byte[]> cap = new TreeMap<>();
    cap.put("security.capability", new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0});
    return tar()
        .add(Tars.header("rootfs/etc", TarEntryType.DIRECTORY, 0555, 0, 0, Tars.MTIME, "", null),
            null)
        .add(Tars.header("rootfs/etc/shadow", TarEntryType.REGULAR, 04750, 0, 42, Tars.MTIME,
            "", null).withSize(6), "secret".getBytes(StandardCharsets.UTF_8))
        .add(new TarHeader("rootfs/dev/null", TarEntryType.CHAR_DEVICE, 0666, 0, 0, 0,
            Tars.MTIME, "", 1, 3, null), null)
        .add(new TarHeader("rootfs/dev/zero", TarEntryType.CHAR_DEVICE, 0666, 0, 0, 0,
            Tars.MTIME, "", 1, 5, null), null)
        .add(new TarHeader("rootfs/bin/ping", TarEntryType.REGULAR, 0755, 0, 0, 0,
            Tars.MTIME, "", 0, 0, cap), null)
        .fifo("rootfs/run/fifo", 0600);
  }

  @Test
  void ownersNotRestoredOnRequestAreReported() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("t"));
    ExtractResult r = TreeExtractor.into(target).restoreOwners(false).extract(tar()
        .add(Tars.header("rootfs/a", TarEntryType.REGULAR, 0644, 1234, 1234, Tars.MTIME, "",
            null), null)
        .add(Tars.header("rootfs/b", TarEntryType.REGULAR, 0644, 1234, 1234, Tars.MTIME, "",
            null), null)
        .stream());

    assertThat(r.notRestored()).singleElement().asString().startsWith("owners of 2 files (");
    assertThat(Files.getAttribute(target.resolve("a"), "unix:uid"))
        .isEqualTo((int) SpecialFiles.effectiveUid());
  }

  @Test
  void unprivilegedExtractionKeepsWhatItCanAndReportsTheRest() throws Exception {
    Files.setAttribute(tmp, "unix:mode", 0755);
    Path archive = tmp.resolve("image.tar");
    Files.write(archive, privilegedArchive().bytes());
    Path target = Files.createDirectory(tmp.resolve("rootfs"));

    List<String> lines = run(tmp, archive, target);

    assertThat(lines).noneMatch(l -> l.startsWith("FAILED"));
    // etc, etc/shadow, bin/ping and run/fifo belong to root; the devices are not created
    assertThat(lines).anyMatch(l -> l.equals("owners of 4 files (not running as root)"));
    assertThat(lines).contains("2 device nodes (need root): /dev/null, /dev/zero");
    assertThat(lines).contains("extended attributes of 1 file (security.capability needs root)");
    assertThat(target.resolve("etc/shadow")).hasContent("secret");
    assertThat(Files.getAttribute(target.resolve("etc/shadow"), "unix:mode")).isEqualTo(0104750);
    assertThat(Files.getAttribute(target.resolve("etc"), "unix:mode")).isEqualTo(040555);
    assertThat(Files.getAttribute(target.resolve("run/fifo"), "unix:mode",
        LinkOption.NOFOLLOW_LINKS)).isEqualTo(010600);
    assertThat(target.resolve("dev/null")).doesNotExist();
    assertThat(target.resolve("bin/ping")).exists();
  }

  /**
   * Extracts {@code archive} into {@code target} as a normal user: here when not root, else
   * in a child JVM as nobody; returns the lines of what was not restored.
   */
  static List<String> run(Path tmp, Path archive, Path target) throws Exception {
    return ROOT ? runAsNobody(tmp, archive, target) : runHere(archive, target);
  }

  private static List<String> runHere(Path archive, Path target) throws Exception {
    try (InputStream in = Files.newInputStream(archive)) {
      return TreeExtractor.into(target).extract(in).notRestored();
    }
  }

  /** Runs {@link RootlessExtraction} as uid/gid 65534 on copies of the classes it needs. */
  private static List<String> runAsNobody(Path tmp, Path archive, Path target)
      throws Exception {
    Files.setAttribute(target, "unix:uid", NOBODY);
    Files.setAttribute(target, "unix:gid", NOBODY);
    List<String> classpath = new ArrayList<>();
    int i = 0;
    for (Class<?> c : List.of(TreeExtractor.class, RootlessExtraction.class,
        com.sun.jna.Native.class)) {
      Path from = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path to = tmp.resolve("cp" + i++ + (Files.isDirectory(from) ? "" : ".jar"));
      copyReadable(from, to);
      classpath.add(to.toString());
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
        "--clear-groups", java.toString(), "-Xshare:auto", "-cp", String.join(":", classpath),
        RootlessExtraction.class.getName(), archive.toString(), target.toString())
        .redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return Arrays.asList(text.split("\n"));
  }

  private static void copyReadable(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.copy(from, to);
      Files.setAttribute(to, "unix:mode", 0644);
      return;
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
          Files.setAttribute(dest, "unix:mode", 0755);
        } else {
          Files.copy(p, dest);
          Files.setAttribute(dest, "unix:mode", 0644);
        }
      }
    }
  }
}
