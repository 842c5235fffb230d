package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY's source rules (context confinement, globs, .dockerignore) and destination rules. */
class CopyPlanTest {
  @TempDir
  Path tmp;
  Path ctx;

  @BeforeEach
  void context() throws IOException {
    ctx = Files.createDirectories(tmp.resolve("ctx"));
    write("a.txt", "a");
    write("b.txt", "b");
    write("src/main.c", "int main;");
    write("src/lib/util.c", "util");
    write("src/README.md", "readme");
    write("x/a.txt", "xa");
    write("y/a.txt", "ya");
  }

  private void write(String rel, String content) throws IOException {
    Path p = ctx.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private List<String> targets(List<String> sources, String dest, String workdir,
      List<String> excludes, boolean parents, Set<String> dirsInImage) throws JaciException {
    return CopyPlan.of(BuildContext.open(ctx), sources, dest, workdir, excludes, parents,
        dirsInImage::contains).items().stream()
        .map(i -> i.target() + (i.kind() == CopyPlan.Kind.DIRECTORY ? "/" : "")).toList();
  }

  private List<String> targets(List<String> sources, String dest) throws JaciException {
    return targets(sources, dest, "/", List.of(), false, Set.of());
  }

  @Test
  void fileToDirectoryOrToFileName() throws JaciException {
    assertThat(targets(List.of("a.txt"), "/dest/")).containsExactly("/dest/a.txt");
    assertThat(targets(List.of("a.txt"), "/dest")).containsExactly("/dest");
    // a directory of the image takes the file even without a trailing slash
    assertThat(targets(List.of("a.txt"), "/etc", "/", List.of(), false, Set.of("/etc")))
        .containsExactly("/etc/a.txt");
    assertThat(targets(List.of("a.txt"), "rel/", "/app", List.of(), false, Set.of()))
        .containsExactly("/app/rel/a.txt");
    assertThat(targets(List.of("a.txt"), ".", "/app", List.of(), false, Set.of()))
        .containsExactly("/app/a.txt");
  }

  @Test
  void severalSourcesNeedADirectoryDestination() throws JaciException {
    assertThat(targets(List.of("a.txt", "b.txt"), "/d/")).containsExactly("/d/a.txt",
        "/d/b.txt");
    assertThatThrownBy(() -> targets(List.of("a.txt", "b.txt"), "/d"))
        .hasMessageContaining("directory destination ending with /");
    assertThatThrownBy(() -> targets(List.of("*.txt"), "/d"))
        .hasMessageContaining("directory destination ending with /");
  }

  @Test
  void aDirectorySourceCopiesItsContents() throws JaciException {
    assertThat(targets(List.of("src"), "/app")).containsExactly("/app/", "/app/README.md",
        "/app/lib/", "/app/lib/util.c", "/app/main.c");
  }

  @Test
  void globsMatchPerSegment() throws JaciException {
    assertThat(targets(List.of("*.txt"), "/d/")).containsExactly("/d/a.txt", "/d/b.txt");
    assertThat(targets(List.of("?/a.txt"), "/d/")).containsExactly("/d/a.txt", "/d/a.txt");
    assertThatThrownBy(() -> targets(List.of("*.none"), "/d/"))
        .hasMessageContaining("no file of the build context matches it");
  }

  @Test
  void parentsKeepTheContextPath_andAPivotDropsWhatIsBeforeIt() throws JaciException {
    assertThat(targets(List.of("x/a.txt", "y/a.txt"), "/p/", "/", List.of(), true, Set.of()))
        .containsExactly("/p/x/a.txt", "/p/y/a.txt");
    assertThat(targets(List.of("./src/./lib/util.c"), "/p/", "/", List.of(), true, Set.of()))
        .containsExactly("/p/lib/util.c");
  }

  @Test
  void excludeLeavesOutMatchingPaths() throws JaciException {
    assertThat(targets(List.of("src"), "/app", "/", List.of("*.md", "lib"), false, Set.of()))
        .containsExactly("/app/", "/app/main.c");
    assertThat(targets(List.of("*.txt"), "/d/", "/", List.of("b.*"), false, Set.of()))
        .containsExactly("/d/a.txt");
  }

  @Test
  void dockerignoreHidesFiles_andExceptionsBringThemBack() throws Exception {
    Files.writeString(ctx.resolve(".dockerignore"), "# ignore\nsrc\n!src/lib/util.c\nb.txt\n");
    assertThat(targets(List.of("."), "/c/")).containsExactly("/c/", "/c/.dockerignore",
        "/c/a.txt", "/c/src/", "/c/src/lib/", "/c/src/lib/util.c", "/c/x/", "/c/x/a.txt",
        "/c/y/", "/c/y/a.txt");
    assertThatThrownBy(() -> targets(List.of("b.txt"), "/c/"))
        .hasMessage("source \"b.txt\": not in the build context (.dockerignore leaves it out)");
    assertThat(targets(List.of("*.txt"), "/c/")).containsExactly("/c/a.txt");
  }

  @Test
  void sourcesOutsideTheContextAreRefused() throws Exception {
    Files.writeString(tmp.resolve("secret"), "s");
    assertThatThrownBy(() -> targets(List.of("../secret"), "/d"))
        .hasMessageStartingWith("source \"../secret\" is outside the build context");
    assertThatThrownBy(() -> targets(List.of("x/../../secret"), "/d"))
        .hasMessageContaining("outside the build context");
    Files.createSymbolicLink(ctx.resolve("up"), Path.of("../secret"));
    assertThatThrownBy(() -> targets(List.of("up"), "/d"))
        .hasMessageStartingWith("source \"up\" leads outside the build context");
    Files.createSymbolicLink(ctx.resolve("abs"), tmp.resolve("secret"));
    assertThatThrownBy(() -> targets(List.of("abs"), "/d"))
        .hasMessageContaining("symlink to the absolute path");
    Files.createSymbolicLink(ctx.resolve("dirlink"), Path.of(".."));
    assertThatThrownBy(() -> targets(List.of("dirlink/secret"), "/d"))
        .hasMessageContaining("leads outside the build context");
    // an absolute source is a path of the context, and a link inside it is followed
    assertThat(targets(List.of("/a.txt"), "/d")).containsExactly("/d");
    Files.createSymbolicLink(ctx.resolve("in"), Path.of("x/a.txt"));
    assertThat(CopyPlan.of(BuildContext.open(ctx), List.of("in"), "/d/", "/", List.of(), false,
        p -> false).items().get(0).from()).isEqualTo(ctx.resolve("x/a.txt"));
  }

  @Test
  void aSymlinkLoopIsOneError_notAHang() throws Exception {
    Files.createSymbolicLink(ctx.resolve("loop1"), Path.of("loop2"));
    Files.createSymbolicLink(ctx.resolve("loop2"), Path.of("loop1"));
    assertThatThrownBy(() -> targets(List.of("loop1/x"), "/d"))
        .hasMessageContaining("symbolic links (a loop?)");
  }

  @Test
  void aHugeIgnoreFileIsRefused() throws Exception {
    Files.writeString(ctx.resolve(".dockerignore"), "x\n".repeat(600_000));
    assertThatThrownBy(() -> BuildContext.open(ctx)).hasMessageContaining("over 1 MiB");
  }

  @Test
  void symlinksInsideACopiedDirectoryAreCopiedAsLinks() throws Exception {
    Files.createSymbolicLink(ctx.resolve("src/out"), Path.of("/etc/passwd"));
    List<CopyPlan.Item> items = CopyPlan.of(BuildContext.open(ctx), List.of("src"), "/app",
        "/", List.of(), false, p -> false).items();
    assertThat(items).filteredOn(i -> i.target().equals("/app/out"))
        .extracting(CopyPlan.Item::kind).containsExactly(CopyPlan.Kind.SYMLINK);
  }

  @Test
  void hash_ignoresTimes_butSeesContentModeAndName() throws Exception {
    String before = plan().hash();
    Files.setLastModifiedTime(ctx.resolve("src/main.c"), FileTime.fromMillis(0));
    assertThat(plan().hash()).isEqualTo(before);
    Files.writeString(ctx.resolve("src/main.c"), "int main2;");
    String changed = plan().hash();
    assertThat(changed).isNotEqualTo(before);
    Files.setPosixFilePermissions(ctx.resolve("src/main.c"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(plan().hash()).isNotEqualTo(changed);
    assertThat(CopyPlan.of(BuildContext.open(ctx), List.of("src"), "/other", "/", List.of(),
        false, p -> false).hash()).isNotEqualTo(plan().hash());
  }

  private CopyPlan plan() throws JaciException {
    return CopyPlan.of(BuildContext.open(ctx), List.of("src"), "/app", "/", List.of(), false,
        p -> false);
  }
}
