package io.jaci.core.extract;

import static io.jaci.core.extract.Tars.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extracting layer 2 over layer 1 in the same target, as the renderer does. */
class LayeringTest {
  @TempDir Path tmp;
  private Path target;

  @BeforeEach
  void setUp() throws Exception {
    target = Files.createDirectory(tmp.resolve("rootfs"));
  }

  private void layers(Tars first, Tars second) throws Exception {
    TreeExtractor.into(target).extract(first.stream());
    TreeExtractor.into(target).extract(second.stream());
  }

  @Test
  void fileReplacesFile() throws Exception {
    layers(tar().file("rootfs/etc/hosts", "old, longer content"),
        tar().file("rootfs/etc/hosts", "new"));

    assertThat(target.resolve("etc/hosts")).hasContent("new");
  }

  @Test
  void fileReplacesDirectoryAndItsSubtree() throws Exception {
    layers(tar().dir("rootfs/opt", 0755).dir("rootfs/opt/sub", 0555)
            .file("rootfs/opt/sub/f", "x").symlink("rootfs/opt/out", tmp.toString()),
        tar().file("rootfs/opt", "now a file"));

    assertThat(target.resolve("opt")).isRegularFile().hasContent("now a file");
    assertThat(tmp).isDirectory(); // the symlink inside was removed, not followed
    assertThat(target).exists();
  }

  @Test
  void directoryReplacesFile() throws Exception {
    layers(tar().file("rootfs/var", "a file"),
        tar().dir("rootfs/var", 0750).file("rootfs/var/log", "x"));

    assertThat(target.resolve("var")).isDirectory();
    assertThat(target.resolve("var/log")).hasContent("x");
    assertThat(Files.getAttribute(target.resolve("var"), "unix:mode")).isEqualTo(040750);
  }

  @Test
  void symlinkToDirectoryIsReplacedByARealDirectory() throws Exception {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    layers(tar().dir("rootfs/real", 0755).file("rootfs/real/keep", "k")
            .symlink("rootfs/dir", "real").symlink("rootfs/abs", elsewhere.toString()),
        tar().file("rootfs/dir/x", "x").file("rootfs/abs/y", "y"));

    assertThat(Files.isSymbolicLink(target.resolve("dir"))).isFalse();
    assertThat(target.resolve("dir/x")).hasContent("x");
    assertThat(target.resolve("real")).isDirectory();
    assertThat(target.resolve("real/x")).doesNotExist();
    assertThat(target.resolve("real/keep")).hasContent("k");
    assertThat(Files.isSymbolicLink(target.resolve("abs"))).isFalse();
    assertThat(elsewhere).isEmptyDirectory();
  }

  @Test
  void directoryOverDirectoryKeepsContentsAndTakesMetadata() throws Exception {
    layers(tar().dir("rootfs/etc", 0700, 1_000_000_000L).file("rootfs/etc/passwd", "root"),
        tar().dir("rootfs/etc", 0751, 1_234_567_890L).file("rootfs/etc/group", "wheel"));

    assertThat(target.resolve("etc/passwd")).hasContent("root");
    assertThat(target.resolve("etc/group")).hasContent("wheel");
    assertThat(Files.getAttribute(target.resolve("etc"), "unix:mode")).isEqualTo(040751);
    assertThat(Files.getLastModifiedTime(target.resolve("etc")))
        .isEqualTo(FileTime.fromMillis(1_234_567_890_000L));
  }

  @Test
  void directoryMtimeIsSetAfterItsChildren() throws Exception {
    TreeExtractor.into(target).extract(tar().dir("rootfs/d", 0755, 1_111_111_111L)
        .file("rootfs/d/a", "a").dir("rootfs/d/sub", 0755, 1_222_222_222L)
        .file("rootfs/d/sub/b", "b").stream());

    assertThat(Files.getLastModifiedTime(target.resolve("d")))
        .isEqualTo(FileTime.fromMillis(1_111_111_111_000L));
    assertThat(Files.getLastModifiedTime(target.resolve("d/sub")))
        .isEqualTo(FileTime.fromMillis(1_222_222_222_000L));
  }

  @Test
  void rootfsEntryGivesTheTargetItsMetadata() throws Exception {
    TreeExtractor.into(target).extract(tar().dir("rootfs", 0711, 1_300_000_000L)
        .file("rootfs/f", "f").stream());

    assertThat(Files.getAttribute(target, "unix:mode")).isEqualTo(040711);
    assertThat(Files.getLastModifiedTime(target))
        .isEqualTo(FileTime.fromMillis(1_300_000_000_000L));
  }

  @Test
  void symlinkReplacesDirectory() throws Exception {
    layers(tar().dir("rootfs/lib", 0755).file("rootfs/lib/libc.so", "elf"),
        tar().symlink("rootfs/lib", "usr/lib"));

    assertThat(Files.readSymbolicLink(target.resolve("lib"))).isEqualTo(Path.of("usr/lib"));
  }

  @Test
  void hardLinkToAFileOfALowerLayer() throws Exception {
    layers(tar().file("rootfs/bin/busybox", "bb"),
        tar().hardLink("rootfs/bin/sh", "rootfs/bin/busybox"));

    assertThat(Files.isSameFile(target.resolve("bin/sh"), target.resolve("bin/busybox")))
        .isTrue();
  }

  @Test
  void plainTarWithoutRootfsPrefix() throws Exception {
    ExtractResult r = TreeExtractor.into(target).fromRootfs(false)
        .extract(tar().dir("./", 0755).file("./manifest", "m").file("a/b", "b").stream());

    assertThat(target.resolve("manifest")).hasContent("m");
    assertThat(target.resolve("a/b")).hasContent("b");
    assertThat(Files.getAttribute(target.resolve("a"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(040755);
    assertThat(r.entries()).isEqualTo(3);
  }

  @Test
  void manifestAndOtherTopLevelEntriesOfAnAciAreIgnored() throws Exception {
    ExtractResult r = TreeExtractor.into(target).extract(tar().file("manifest", "{}")
        .file("rootfsx", "not rootfs").file("rootfs/f", "f").stream());

    assertThat(r.entries()).isEqualTo(1);
    try (var list = Files.list(target)) {
      assertThat(list).containsExactly(target.resolve("f"));
    }
  }

  /**
   * Issue 10, item 4: a whitelist that keeps a hard link but not its target keeps the file
   * under the link's name (it was left out, which emptied whitelisted names).
   */
  @Test
  void hardLinkWhoseTargetIsFilteredOut_item4_keepsTheFileUnderItsName() throws Exception {
    Tars tars = tar().file("rootfs/a", "shared").hardLink("rootfs/b", "rootfs/a")
        .file("rootfs/c", "c");
    TreeExtractor.into(target).filter((p, t) -> !p.equals("/a")).extract(tars::stream);

    assertThat(target.resolve("a")).doesNotExist();
    assertThat(target.resolve("b")).hasContent("shared");
    assertThat(target.resolve("c")).hasContent("c");
  }

  @Test
  void hardLinkWhoseTargetIsFilteredOut_yieldsToALaterEntryAtItsName() throws Exception {
    Tars tars = tar().file("rootfs/a", "shared").hardLink("rootfs/b", "rootfs/a")
        .dir("rootfs/b", 0755).file("rootfs/b/x", "x");
    TreeExtractor.into(target).filter((p, t) -> !p.equals("/a")).extract(tars::stream);

    assertThat(target.resolve("b")).isDirectory();
    assertThat(target.resolve("b/x")).hasContent("x");
  }

  @Test
  void ownersAsRoot_keptDirectoryTakesTheUpperOwner_filesBelowAnotherGroupTheirOwn()
      throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "restoring owners needs root");
    TarHeader lowerDir = Tars.header("rootfs/srv", TarEntryType.DIRECTORY, 0755, 1000, 0,
        Tars.MTIME, "", null);
    TarHeader upperDir = Tars.header("rootfs/srv", TarEntryType.DIRECTORY, 0755, 0, 0,
        Tars.MTIME, "", null);
    TarHeader mail = Tars.header("rootfs/mail", TarEntryType.DIRECTORY, 02775, 0, 8,
        Tars.MTIME, "", null);
    byte[] x = {'x'};
    layers(tar().add(lowerDir, null).file("rootfs/srv/lower", 0644, x),
        tar().add(upperDir, null).file("rootfs/srv/upper", 0644, x).add(mail, null)
            .file("rootfs/mail/root", 0644, x).file("rootfs/top", 0644, x));

    // the process's own owner (0:0) too must be set on a directory an earlier layer made
    assertThat(owner("srv")).isEqualTo("0:0 40755");
    assertThat(owner("srv/lower")).isEqualTo("0:0 100644");
    assertThat(owner("srv/upper")).isEqualTo("0:0 100644");
    // a file in a setgid directory of group 8 would inherit that group
    assertThat(owner("mail")).isEqualTo("0:8 42775");
    assertThat(owner("mail/root")).isEqualTo("0:0 100644");
    assertThat(owner("top")).isEqualTo("0:0 100644");
  }

  private String owner(String rel) throws Exception {
    Path p = target.resolve(rel);
    return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
        + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS) + " "
        + Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode",
            LinkOption.NOFOLLOW_LINKS));
  }
}
