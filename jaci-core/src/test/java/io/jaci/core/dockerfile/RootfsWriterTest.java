package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY into a rootfs never writes through a symlink to outside it. */
class RootfsWriterTest {
  @TempDir
  Path tmp;

  private CopyPlan plan(Path ctx, String src, String dest) throws Exception {
    return CopyPlan.of(BuildContext.open(ctx), List.of(src), dest, "/", List.of(), false,
        p -> false);
  }

  @Test
  void createsParents_setsModes_andChmodApplies() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("f"), "content");
    Files.setPosixFilePermissions(ctx.resolve("f"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    RootfsWriter w = RootfsWriter.into(rootfs, 0, 0);
    w.write(plan(ctx, "f", "/a/b/c"), FileMode.KEEP);
    assertThat(rootfs.resolve("a/b/c")).hasContent("content");
    assertThat(Files.getAttribute(rootfs.resolve("a/b/c"), "unix:mode")).isEqualTo(0100750);
    assertThat(Files.getAttribute(rootfs.resolve("a/b"), "unix:mode")).isEqualTo(040755);
    w.write(plan(ctx, "f", "/a/b/c"), FileMode.parse("0600"));
    assertThat(Files.getAttribute(rootfs.resolve("a/b/c"), "unix:mode")).isEqualTo(0100600);
  }

  /** Found by the buildah differential test: BuildKit's copy keeps hard links among its files. */
  @Test
  void hardLinksAmongTheCopiedFilesStayHardLinks() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx/d"));
    Files.writeString(ctx.resolve("f"), "linked");
    Files.createLink(ctx.resolve("g"), ctx.resolve("f"));
    Files.writeString(ctx.resolve("h"), "alone");
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    RootfsWriter.into(rootfs, 0, 0).write(plan(tmp.resolve("ctx"), "d", "/x/"), FileMode.KEEP);
    assertThat(Files.isSameFile(rootfs.resolve("x/f"), rootfs.resolve("x/g"))).isTrue();
    assertThat(Files.getAttribute(rootfs.resolve("x/f"), "unix:nlink")).isEqualTo(2);
    assertThat(Files.getAttribute(rootfs.resolve("x/h"), "unix:nlink")).isEqualTo(1);
    assertThat(Files.isSameFile(rootfs.resolve("x/f"), ctx.resolve("f"))).isFalse();
  }

  @Test
  void symlinksOfTheImageLeadingOutStayInsideTheRootfs() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("f"), "evil");
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    Files.createSymbolicLink(rootfs.resolve("etc"), outside); // absolute: the rootfs's /tmp/...
    Files.createSymbolicLink(rootfs.resolve("up"), Path.of("../../outside"));
    Files.createSymbolicLink(rootfs.resolve("last"), outside.resolve("target"));
    RootfsWriter w = RootfsWriter.into(rootfs, 0, 0);
    w.write(plan(ctx, "f", "/etc/passwd"), FileMode.KEEP);
    w.write(plan(ctx, "f", "/up/x"), FileMode.KEEP);
    w.write(plan(ctx, "f", "/last"), FileMode.KEEP);
    try (var s = Files.list(outside)) {
      assertThat(s).isEmpty();
    }
    assertThat(rootfs.resolve(outside.toString().substring(1)).resolve("passwd"))
        .hasContent("evil");
    assertThat(rootfs.resolve("outside/x")).hasContent("evil");
    assertThat(Files.isSymbolicLink(rootfs.resolve("last"))).isFalse();
    assertThat(rootfs.resolve("last")).hasContent("evil");
  }

  @Test
  void aFileCannotReplaceADirectory_norAFileBeAParent() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("f"), "x");
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("d"));
    Files.writeString(rootfs.resolve("file"), "old");
    RootfsWriter w = RootfsWriter.into(rootfs, 0, 0);
    CopyPlan toDir = CopyPlan.of(BuildContext.open(ctx), List.of("f"), "/d", "/", List.of(),
        false, p -> false);
    assertThatThrownBy(() -> w.write(toDir, FileMode.KEEP)).hasMessageContaining("/d: a directory");
    assertThatThrownBy(() -> w.write(plan(ctx, "f", "/file/below"), FileMode.KEEP))
        .hasMessageContaining("/file is not a directory in the image");
    assertThat(Files.isRegularFile(rootfs.resolve("file"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }
}
