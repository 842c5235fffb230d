package io.jaci.core.extract;

import static io.jaci.core.extract.Tars.tar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Archives that try to reach outside the target. Each must either be refused or stay
 * inside: nothing beside the target changes, the sentinel file keeps its content.
 */
class HostileArchiveTest {
  private static final String ESCAPE = "/tmp/jaci-hostile-" + UUID.randomUUID();

  @TempDir Path sandbox;
  private Path outside;
  private Path target;

  @BeforeEach
  void setUp() throws IOException {
    outside = Files.createDirectory(sandbox.resolve("outside"));
    Files.writeString(outside.resolve("sentinel"), "keep");
    Files.createDirectory(outside.resolve("dir"));
    target = Files.createDirectory(sandbox.resolve("target"));
  }

  /** How a case must end: refused with a message containing this text, or null: inside. */
  record Case(String name, Function<Path, byte[]> archive, boolean plainTar, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case refused(String name, Function<Path, Tars> archive, String error) {
    return new Case(name, o -> archive.apply(o).bytes(), false, error);
  }

  static Case inside(String name, Function<Path, Tars> archive) {
    return new Case(name, o -> archive.apply(o).bytes(), false, null);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        refused("../escape", o -> tar().file("../escape", "x"), "leaves the target"),
        refused("rootfs/../../escape", o -> tar().file("rootfs/../../escape", "x"),
            "leaves the target"),
        refused("rootfs/./../x", o -> tar().file("rootfs/./../x", "x"), "leaves the target"),
        refused("absolute /tmp/x", o -> tar().file(ESCAPE, "x"), "leaves the target"),
        refused("absolute /rootfs/x", o -> tar().file("/rootfs/x", "x"), "leaves the target"),
        refused("NUL byte", o -> tar().file("rootfs/a\0/../../x", "x"), "leaves the target"),
        new Case("plain tar ./../x", o -> tar().file("./../x", "x").bytes(), true,
            "leaves the target"),
        new Case("plain tar absolute", o -> tar().file(ESCAPE, "x").bytes(), true,
            "leaves the target"),
        inside("symlink to outside dir, then a file through it", o -> tar()
            .symlink("rootfs/link", o.resolve("dir").toString())
            .file("rootfs/link/file", "evil")),
        inside("symlink to outside dir, then a directory over it", o -> tar()
            .symlink("rootfs/link", o.resolve("dir").toString())
            .dir("rootfs/link", 0700)
            .file("rootfs/link/file", "evil")),
        inside("symlink to .., then a file through it", o -> tar()
            .symlink("rootfs/up", "..")
            .file("rootfs/up/escape", "evil")),
        inside("symlink to .. two levels down", o -> tar()
            .dir("rootfs/a", 0755)
            .symlink("rootfs/a/up", "../..")
            .file("rootfs/a/up/outside/sentinel", "evil")),
        inside("symlink chain", o -> tar()
            .symlink("rootfs/a", "b")
            .symlink("rootfs/b", o.toString())
            .file("rootfs/a/sentinel", "evil")
            .file("rootfs/b/sentinel", "evil")),
        refused("hard link to ../../outside", o -> tar()
            .hardLink("rootfs/h", "rootfs/../../outside/sentinel"), "leaves the target"),
        refused("hard link to an absolute path", o -> tar()
            .hardLink("rootfs/h", o.resolve("sentinel").toString()), "leaves the target"),
        refused("hard link outside rootfs", o -> tar()
            .file("manifest", "{}")
            .hardLink("rootfs/h", "manifest"), "outside rootfs"),
        refused("hard link through a symlinked directory", o -> tar()
            .symlink("rootfs/link", o.toString())
            .hardLink("rootfs/h", "rootfs/link/sentinel"), "not a directory"),
        refused("hard link to a directory", o -> tar()
            .dir("rootfs/d", 0755)
            .hardLink("rootfs/h", "rootfs/d"), "is a directory"),
        refused("hard link to nothing", o -> tar()
            .hardLink("rootfs/h", "rootfs/missing"), "does not exist"),
        inside("hard link to a symlink pointing outside, then a file over it", o -> tar()
            .symlink("rootfs/s", o.resolve("sentinel").toString())
            .hardLink("rootfs/h", "rootfs/s")
            .file("rootfs/h", "evil")
            .file("rootfs/s", "evil")),
        inside("file over a symlink pointing outside", o -> tar()
            .symlink("rootfs/f", o.resolve("sentinel").toString())
            .file("rootfs/f", "evil")),
        inside("FIFO over a symlink pointing outside", o -> tar()
            .symlink("rootfs/f", o.resolve("new-fifo").toString())
            .fifo("rootfs/f", 0644)),
        inside("symlink over a symlink pointing outside", o -> tar()
            .symlink("rootfs/f", o.resolve("sentinel").toString())
            .symlink("rootfs/f", "elsewhere")),
        refused("the root as a symlink", o -> tar()
            .symlink("rootfs", o.toString())
            .file("rootfs/sentinel", "evil"), "must be a directory"),
        // deep nesting (issue 10, item 7): as deep as a path can be, and deeper
        inside("an entry 1,000 directories deep", o -> tar()
            .file("rootfs/" + "d/".repeat(1000) + "f", "deep")),
        refused("an entry 3,000 directories deep", o -> tar()
            .file("rootfs/" + "d/".repeat(3000) + "f", "deep"), "too long"),
        new Case("huge pax header", o -> hugePax(), false, "over the limit"),
        new Case("truncated archive", o -> truncated(), false, "truncated"),
        new Case("corrupt header", o -> corrupt(), false, "checksum"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void staysInsideTheTarget(Case c) throws IOException {
    byte[] archive = c.archive().apply(outside);
    Map<String, String> before = TreeListing.of(sandbox, target);

    TreeExtractor extractor = TreeExtractor.into(target).fromRootfs(!c.plainTar());
    if (c.error() != null) {
      assertThatThrownBy(() -> extractor.extract(new ByteArrayInputStream(archive)))
          .isInstanceOf(JaciException.class)
          .hasMessageContaining(c.error())
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    } else {
      try {
        extractor.extract(new ByteArrayInputStream(archive));
      } catch (JaciException e) {
        throw new AssertionError("an inside case must extract: " + e.getMessage(), e);
      }
      assertNoSymlinkIsAParent(target);
    }

    assertThat(TreeListing.of(sandbox, target)).isEqualTo(before);
    assertThat(Files.readString(outside.resolve("sentinel"))).isEqualTo("keep");
    assertThat(Path.of(ESCAPE)).doesNotExist();
    assertThat(sandbox.resolveSibling("escape")).doesNotExist();
  }

  static Stream<Arguments> escapes() {
    return cases().filter(a -> "leaves the target".equals(((Case) a.get()[0]).error()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("escapes")
  void escapesNameTheEntryInTheError(Case c) {
    byte[] archive = c.archive().apply(outside);
    assertThatThrownBy(() -> TreeExtractor.into(target).fromRootfs(!c.plainTar())
        .extract(new ByteArrayInputStream(archive)))
        .hasMessageStartingWith("entry \"");
  }

  @Test
  void errorOfAParentEscapeIsExactlyAsDocumented() {
    assertThatThrownBy(() -> TreeExtractor.into(target).fromRootfs(false)
        .extract(tar().file("../x", "x").stream()))
        .hasMessage("entry \"../x\": leaves the target");
  }

  @Test
  void fileOverAnOutsideSymlinkReplacesTheSymlink() throws Exception {
    TreeExtractor.into(target).extract(tar()
        .symlink("rootfs/f", outside.resolve("sentinel").toString())
        .file("rootfs/f", "new").stream());

    assertThat(target.resolve("f")).isRegularFile().hasContent("new");
    assertThat(Files.isSymbolicLink(target.resolve("f"))).isFalse();
  }

  @Test
  void symlinkedParentIsReplacedByARealDirectory() throws Exception {
    TreeExtractor.into(target).extract(tar()
        .symlink("rootfs/link", outside.resolve("dir").toString())
        .file("rootfs/link/file", "data").stream());

    assertThat(Files.isSymbolicLink(target.resolve("link"))).isFalse();
    assertThat(target.resolve("link")).isDirectory();
    assertThat(target.resolve("link/file")).hasContent("data");
    assertThat(outside.resolve("dir")).isEmptyDirectory();
  }

  /**
   * Issue 10 item 5: mode-0000 entries (Fedora's /etc/shadow, a 0000 directory with content)
   * extracted by a normal user, as GNU tar does: take the permission needed while writing,
   * give the modes last. Run as root, the extraction runs as nobody.
   */
  @Test
  void item5_modeZeroFileAndDirectory_extractAsANormalUser() throws Exception {
    Files.setAttribute(sandbox, "unix:mode", 0755);
    Path archive = Files.write(sandbox.resolve("zero.tar"), tar()
        .dir("rootfs/etc", 0755)
        .add(Tars.header("rootfs/etc/shadow", TarEntryType.REGULAR, 0, 0, 0, Tars.MTIME, "",
            null).withSize(7), "root:!\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .add(Tars.header("rootfs/etc/writeonly", TarEntryType.REGULAR, 0200, 0, 0, Tars.MTIME,
            "", null).withSize(1), new byte[] {'w'})
        .dir("rootfs/secret", 0)
        .file("rootfs/secret/inner", "inner")
        .dir("rootfs/secret/sub", 0)
        .file("rootfs/secret/sub/deep", "deep")
        .bytes());

    List<String> lines = RootlessExtractionTest.run(sandbox, archive, target);

    assertThat(lines).noneMatch(l -> l.startsWith("FAILED"));
    assertThat(mode(target.resolve("etc/shadow"))).isZero();
    assertThat(mode(target.resolve("etc/writeonly"))).isEqualTo(0200);
    assertThat(mode(target.resolve("secret"))).isZero();
    assertThat(mode(target.resolve("secret/sub"))).isZero();
    if (io.jaci.core.fs.SpecialFiles.effectiveUid() == 0) { // root may look inside
      assertThat(target.resolve("etc/shadow")).hasContent("root:!\n");
      assertThat(target.resolve("secret/sub/deep")).hasContent("deep");
    }
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS)
        & 07777;
  }

  private static void assertNoSymlinkIsAParent(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.forEach(p -> {
        for (Path parent = p.getParent(); parent != null && parent.startsWith(root);
            parent = parent.getParent()) {
          assertThat(Files.isSymbolicLink(parent)).as("parent %s of %s", parent, p).isFalse();
        }
      });
    }
  }

  private static byte[] hugePax() {
    TreeMap<String, byte[]> xattrs = new TreeMap<>();
    byte[] big = new byte[2 << 20];
    Arrays.fill(big, (byte) 'a');
    xattrs.put("user.big", big);
    TarHeader h = Tars.header("rootfs/f", TarEntryType.REGULAR, 0644, 0, 0, Tars.MTIME, "",
        xattrs);
    return tar().add(h, null).bytes();
  }

  private static byte[] truncated() {
    byte[] content = new byte[10_000];
    byte[] full = tar().file("rootfs/big", 0644, content).bytes();
    return Arrays.copyOf(full, 3000);
  }

  private static byte[] corrupt() {
    byte[] full = tar().file("rootfs/a", "a").file("rootfs/b", "b").bytes();
    full[1024 + 10] ^= 0x55; // inside the second entry's name: its checksum no longer matches
    return full;
  }
}
