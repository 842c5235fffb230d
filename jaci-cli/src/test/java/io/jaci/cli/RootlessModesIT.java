package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 items 1 and 5 as a normal user (nobody, 65534, started from root by setpriv):
 * images holding mode-0000 files and directories (Fedora's {@code /etc/shadow}) render,
 * extract, begin, export and gc, and nothing undeletable is left in the store; the
 * directories jaci hands back follow the umask.
 */
class RootlessModesIT {

  @TempDir
  Path tmp;

  private Path work;
  private Path store;
  private Path aci;

  @BeforeEach
  void zeroModeImage() throws IOException {
    AsNobody.requireRoot("RootlessModesIT switches to an unprivileged user, which needs root");
    Files.setAttribute(tmp, "unix:mode", 0755);
    work = Files.createDirectory(tmp.resolve("work"));
    Files.setAttribute(work, "unix:mode", 0777);
    store = work.resolve("store");
    // built by root from a layout with the modes Fedora ships
    Path layout = tmp.resolve("layout");
    Files.createDirectories(layout.resolve("rootfs/etc"));
    Files.createDirectories(layout.resolve("rootfs/secret/sub"));
    Files.writeString(layout.resolve("manifest"), TestImages.MANIFEST);
    Files.writeString(layout.resolve("rootfs/etc/shadow"), "root:!:19000::::::\n");
    Files.writeString(layout.resolve("rootfs/secret/inner"), "inner\n");
    Files.writeString(layout.resolve("rootfs/secret/sub/deep"), "deep\n");
    for (String p : List.of("etc/shadow", "secret/sub", "secret")) {
      Files.setAttribute(layout.resolve("rootfs").resolve(p), "unix:mode", 0);
    }
    aci = tmp.resolve("zero.aci");
    JaciJar.run(tmp, "build", layout, aci).assertSuccess();
    Files.setAttribute(aci, "unix:mode", 0644);
  }

  private ProcessRun withUmask(String umask, Object... args) {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"",
        "jaci"));
    cmd.addAll(JaciJar.command(args));
    cmd = AsNobody.command(cmd);
    return ProcessRun.run(work, Map.of(), cmd);
  }

  private ProcessRun asNobody(Object... args) {
    return withUmask("022", args);
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  /** The rendered rootfs has the image's modes, and (as root may look) its contents. */
  private static void assertZeroModes(Path rootfs) throws IOException {
    assertThat(mode(rootfs.resolve("etc/shadow"))).as(rootfs + "/etc/shadow").isZero();
    assertThat(mode(rootfs.resolve("secret"))).isZero();
    assertThat(mode(rootfs.resolve("secret/sub"))).isZero();
    assertThat(rootfs.resolve("etc/shadow")).hasContent("root:!:19000::::::\n");
    assertThat(rootfs.resolve("secret/sub/deep")).hasContent("deep\n");
  }

  private List<String> treesLeft() throws IOException {
    try (Stream<Path> s = Files.list(store.resolve("trees"))) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void item5_modeZeroEntries_renderExtractBeginExportAndGc_asANormalUser() throws IOException {
    asNobody("image", "import", "--store", store, aci).assertSuccess();

    for (String out : List.of("cached", "cache-hit")) {
      ProcessRun r = asNobody("image", "render", "--store", store, "example.com/test",
          work.resolve(out));
      assertThat(r.exit()).as(r.describe()).isZero();
      assertZeroModes(work.resolve(out + "/rootfs"));
    }
    assertThat(treesLeft()).noneMatch(n -> n.startsWith(".part-"));
    ProcessRun uncached = asNobody("image", "render", "--store", store, "--no-cache",
        "--rootfs-only", "example.com/test", work.resolve("uncached"));
    assertThat(uncached.exit()).as(uncached.describe()).isZero();
    assertZeroModes(work.resolve("uncached"));
    ProcessRun extract = asNobody("image", "extract", "--store", store, "example.com/test",
        work.resolve("extracted"));
    assertThat(extract.exit()).as(extract.describe()).isZero();
    assertZeroModes(work.resolve("extracted/rootfs"));

    ProcessRun begin = asNobody("begin", "--store", store, "example.com/test",
        work.resolve("begun"));
    assertThat(begin.exit()).as(begin.describe()).isZero();
    assertZeroModes(work.resolve("begun/rootfs"));
    assertThat(Files.readString(work.resolve("begun/.jaci/record.jsonl")))
        .contains("etc/shadow", "secret/sub/deep");
    // the begun directory builds (the diff reads the tree) and keeps its modes after
    ProcessRun build = asNobody("build", work.resolve("begun"), work.resolve("begun.aci"));
    assertThat(build.exit()).as(build.describe()).isZero();
    assertThat(build.stderr()).contains("0 added, 0 changed, 0 deleted");
    assertZeroModes(work.resolve("begun/rootfs"));

    Path squashed = work.resolve("squashed.aci");
    ProcessRun export = asNobody("image", "export", "--store", store, "--squash",
        "example.com/test", squashed);
    assertThat(export.exit()).as(export.describe()).isZero();
    String listing = ProcessRun.run(tmp, ExternalTool.require("tar").toString(), "tvf",
        squashed.toString()).assertSuccess().out();
    assertThat(listing).containsPattern("(?m)^---------- .* rootfs/etc/shadow$")
        .containsPattern("(?m)^d--------- .* rootfs/secret/sub/?$")
        .contains("rootfs/secret/sub/deep");

    // a render killed half-way leaves a work directory; 0000 directories inside it are
    // removed by gc all the same
    Path leftover = store.resolve("trees/.part-killed");
    Path locked = Files.createDirectories(leftover.resolve("rootfs/secret/sub"));
    Files.writeString(locked.resolve("deep"), "x");
    try (Stream<Path> s = Files.walk(leftover)) {
      for (Path p : s.toList()) {
        Files.setAttribute(p, "unix:uid", Integer.parseInt(AsNobody.UID), LinkOption.NOFOLLOW_LINKS);
      }
    }
    for (Path p : List.of(locked, locked.getParent(), leftover)) {
      Files.setAttribute(p, "unix:mode", p == leftover ? 0700 : 0);
      Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(2, ChronoUnit.DAYS)));
    }
    ProcessRun gc = asNobody("image", "gc", "--store", store, "--grace-period", "0s");
    assertThat(gc.exit()).as(gc.describe()).isZero();
    assertThat(treesLeft()).isEmpty();
    ProcessRun again = asNobody("image", "gc", "--store", store, "--grace-period", "0s");
    assertThat(again.exit()).as(again.describe()).isZero();
  }

  @Test
  void item1_asANormalUser_theRenderedDirectoryFollowsTheUmask() throws IOException {
    Path plain = tmp.resolve("plain.aci");
    JaciJar.run(tmp, "build", TestImages.layout(tmp.resolve("plain")), plain).assertSuccess();
    Files.setAttribute(plain, "unix:mode", 0644);
    asNobody("image", "import", "--store", store, plain).assertSuccess();
    for (String umask : List.of("022", "077")) {
      Path out = work.resolve("render-" + umask);
      ProcessRun r = withUmask(umask, "image", "render", "--store", store, "example.com/test",
          out);
      assertThat(r.exit()).as(r.describe()).isZero();
      assertThat(mode(out)).as("umask " + umask).isEqualTo(umask.equals("022") ? 0755 : 0700);
      Path begun = work.resolve("begin-" + umask);
      ProcessRun b = withUmask(umask, "begin", "--store", store, "example.com/test", begun);
      assertThat(b.exit()).as(b.describe()).isZero();
      assertThat(mode(begun)).as("umask " + umask).isEqualTo(umask.equals("022") ? 0755 : 0700);
    }
  }
}
