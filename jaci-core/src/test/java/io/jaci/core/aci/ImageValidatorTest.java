package io.jaci.core.aci;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.io.Compression;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageValidatorTest {
  @TempDir
  Path tmp;

  private static final byte[] MANIFEST = Layouts.MANIFEST.getBytes(StandardCharsets.UTF_8);

  static TarHeader dir(String name) {
    return new TarHeader(name, TarEntryType.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0, null);
  }

  static TarHeader file(String name, int size) {
    return new TarHeader(name, TarEntryType.REGULAR, 0644, 0, 0, size, 0, "", 0, 0, null);
  }

  static TarHeader hardLink(String name, String target) {
    return new TarHeader(name, TarEntryType.HARD_LINK, 0644, 0, 0, 0, 0, target, 0, 0, null);
  }

  /** Writes an archive of {@code entries}; a regular file named manifest gets MANIFEST. */
  private Path archive(Compression c, TarHeader... entries) throws IOException {
    Path p = Files.createTempFile(tmp, "t", ".aci");
    try (OutputStream out = c.compress(Files.newOutputStream(p));
        TarWriter w = new TarWriter(out)) {
      for (TarHeader h : entries) {
        if (h.size() > 0) {
          byte[] content = h.size() == MANIFEST.length ? MANIFEST : new byte[(int) h.size()];
          w.write(h, new ByteArrayInputStream(content));
        } else {
          w.write(h);
        }
      }
    }
    return p;
  }

  private List<String> errors(TarHeader... entries) throws IOException {
    return ImageValidator.validate(archive(Compression.GZIP, entries)).errors();
  }

  private static TarHeader manifest() {
    return file("manifest", MANIFEST.length);
  }

  @Test
  void validArchive_inEitherOrder_andWithDotSlashNames() throws IOException {
    assertThat(errors(manifest(), dir("rootfs"), file("rootfs/a", 3))).isEmpty();
    assertThat(errors(dir("rootfs"), file("rootfs/a", 3), manifest())).isEmpty();
    assertThat(errors(dir("."), file("./manifest", MANIFEST.length), dir("./rootfs"),
        file("./rootfs/a", 1))).isEmpty();
  }

  @Test
  void namesThatLeaveTheImageAreErrors() throws IOException {
    List<String> errors = errors(manifest(), dir("rootfs"), file("../evil", 1),
        file("/etc/passwd", 1), file("rootfs/../../x", 1));
    assertThat(errors).hasSize(3).allSatisfy(e -> assertThat(e).contains("inside the image"));
    assertThat(errors.get(0)).contains("\"../evil\"");
    assertThat(errors.get(1)).contains("absolute name \"/etc/passwd\"");
  }

  @Test
  void topLevelNamesOtherThanManifestAndRootfsAreErrors_evenOnesStartingWithRootfs()
      throws IOException {
    // the reference actool accepts rootfsX/ because it only checks the prefix "rootfs"
    assertThat(errors(manifest(), dir("rootfs"), file("rootfsX/a", 1), file("etc", 1)))
        .containsExactly(
            "entry \"rootfsX/a\": unexpected top-level name (only manifest and rootfs)",
            "entry \"etc\": unexpected top-level name (only manifest and rootfs)");
  }

  @Test
  void duplicateEntriesAreErrors_alsoWhenSpelledDifferently() throws IOException {
    assertThat(errors(manifest(), dir("rootfs"), file("rootfs/a", 1), file("./rootfs//a", 1)))
        .containsExactly("entry \"rootfs/a\": duplicate entry");
  }

  @Test
  void hardLinksMustPointToAnEarlierRootfsFile() throws IOException {
    List<String> errors = errors(manifest(), dir("rootfs"), file("rootfs/a", 1),
        hardLink("rootfs/ok", "rootfs/a"), hardLink("rootfs/out", "../../etc/shadow"),
        hardLink("rootfs/m", "manifest"), hardLink("rootfs/later", "rootfs/z"), file("rootfs/z", 1));
    assertThat(errors).hasSize(3);
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("rootfs/out"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("rootfs/m"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("rootfs/later"));
  }

  @Test
  void missingManifestAndRootfsAreBothReported() throws IOException {
    assertThat(errors(file("rootfs/a", 1))).containsExactly(
        "no manifest entry (an ACI needs a file named manifest at the top)",
        "no rootfs entry (an ACI needs a directory named rootfs at the top)");
  }

  @Test
  void manifestMustBeAFile_rootfsADirectory() throws IOException {
    assertThat(errors(dir("manifest"), file("rootfs", 1))).contains(
        "entry \"manifest\": must be a regular file", "entry \"rootfs\": must be a directory");
  }

  @Test
  void everyCompressionIsRead() throws IOException {
    for (Compression c : List.of(Compression.NONE, Compression.GZIP, Compression.BZIP2,
        Compression.XZ)) {
      Path p = archive(c, manifest(), dir("rootfs"));
      assertThat(ImageValidator.validate(p).errors()).as(c.displayName()).isEmpty();
    }
  }

  @Test
  void zstdIsReadButIsNoACICompression() throws IOException {
    Path p = archive(Compression.ZSTD, manifest(), dir("rootfs"));
    assertThat(ImageValidator.validate(p).errors())
        .containsExactly("compressed with zstd: an ACI is plain tar, gzip, bzip2 or xz");
  }

  @Test
  void truncatedGzipIsReported() throws IOException {
    Path p = archive(Compression.GZIP, manifest(), dir("rootfs"), file("rootfs/big", 400_000));
    byte[] all = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(all, all.length / 2));
    assertThat(ImageValidator.validate(p).errors())
        .anySatisfy(e -> assertThat(e).contains("truncated"));
  }

  @Test
  void aFileThatIsNoArchiveIsOneClearError() throws IOException {
    Path p = Files.writeString(tmp.resolve("notes.txt"), "hello, this is not an image\n");
    assertThat(ImageValidator.validate(p).errors()).containsExactly(
        "not an ACI: not a tar archive, nor gzip, bzip2, xz or zstd data");
    Path empty = Files.createFile(tmp.resolve("empty.aci"));
    assertThat(ImageValidator.validate(empty).errors()).containsExactly(
        "not an ACI: the file is empty");
  }

  @Test
  void missingPathIsOneClearError() {
    // the CLI prints the path before each error, so the error itself does not repeat it
    assertThat(ImageValidator.validate(tmp.resolve("nope.aci")).errors())
        .containsExactly("no such file or directory");
  }

  @Test
  void layoutWithStrayFilesIsReported() throws IOException {
    Path layout = Layouts.small(tmp.resolve("layout"));
    assertThat(ImageValidator.validate(layout).valid()).isTrue();
    Files.writeString(layout.resolve("README"), "x");
    assertThat(ImageValidator.validate(layout).errors())
        .containsExactly("README: unexpected at the top of the layout (only manifest and rootfs)");
  }

  @Test
  void everyProblemIsReported_notOnlyTheFirst() throws IOException {
    List<String> errors = errors(dir("rootfs"), file("../a", 1), file("rootfs/b", 1),
        file("rootfs/b", 1), file("other", 1));
    assertThat(errors).hasSize(4);
  }

  static byte[] gzipOf(byte[] data) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream out = Compression.GZIP.compress(buf)) {
      out.write(data);
    }
    return buf.toByteArray();
  }

  /** A root filesystem tarball as distributions ship them: {@code n} files below bin/, etc/, usr/. */
  private Path rootfsTarball(int n) throws IOException {
    List<TarHeader> entries = new java.util.ArrayList<>(List.of(dir("./"), dir("./bin/"),
        dir("./etc/"), dir("./usr/")));
    for (int i = 0; i < n; i++) {
      entries.add(file("./" + List.of("bin", "etc", "usr").get(i % 3) + "/f" + i, 1));
    }
    return archive(Compression.XZ, entries.toArray(TarHeader[]::new));
  }

  /** Issue 10, item 13: 6,769 lines for a rootfs tarball; now a screenful with a hint. */
  @Test
  void rootfsTarball_item13_givesTheFromRootfsHintAndAtMost20Problems() throws IOException {
    ValidationReport r = ImageValidator.validate(rootfsTarball(500));
    assertThat(r.valid()).isFalse();
    assertThat(r.errors().get(0)).contains("root filesystem tarball", "bin/", "etc/",
        "jaci from-rootfs");
    // the hint, 20 problems, and the count of the others: 3 + 500 entries, 2 missing names
    assertThat(r.errors()).hasSize(22);
    assertThat(r.errorCount()).isEqualTo(1 + 503 + 2);
    assertThat(r.errors().get(21)).isEqualTo("... and " + (505 - 20) + " more");
  }

  @Test
  void fewProblems_areAllListed_withoutTheHintForAnArchiveThatIsNoRootfs() throws IOException {
    List<String> errors = errors(file("notes.txt", 1), file("readme", 1));
    assertThat(errors).hasSize(4).noneMatch(e -> e.contains("from-rootfs"));
  }

  @Test
  void aHugeEntryName_item13_isCutInItsProblemLine() throws IOException {
    String name = "rootfs/" + "x".repeat(100_000) + "/../../../etc/passwd";
    List<String> errors = errors(manifest(), dir("rootfs"), file(name, 1));
    assertThat(errors).singleElement().asString().hasSizeLessThanOrEqualTo(300)
        .contains("..", "names must stay inside the image");
  }
}
