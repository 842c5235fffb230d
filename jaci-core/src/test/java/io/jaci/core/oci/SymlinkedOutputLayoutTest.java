package io.jaci.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.registry.Digest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 3: writers refuse symlinks inside an existing output layout, as the readers
 * do, and never write through them. Each case plants a symlink in a valid layout (or at the
 * output file's name) pointing to a directory or file outside, converts into it, and checks
 * that nothing appeared or changed out there.
 */
class SymlinkedOutputLayoutTest {
  @TempDir
  Path tmp;
  private Path aci;
  private Path outside;

  @BeforeEach
  void setUp() throws Exception {
    aci = HelloAci.build(tmp);
    outside = Files.createDirectories(tmp.resolve("outside"));
  }

  /** A valid layout holding one image (tag "one"). */
  private Path layout() throws Exception {
    Path dir = tmp.resolve("layout");
    convertTo(dir, "one");
    return dir;
  }

  private Digest convertTo(Path dir, String tag) throws JaciException {
    try (OciLayoutSink sink = OciLayoutSink.open(dir, tag)) {
      return AciToOci.aciFile(aci).writeTo(sink);
    }
  }

  private List<String> outsideFiles() throws Exception {
    try (Stream<Path> s = Files.walk(outside)) {
      return s.map(p -> outside.relativize(p).toString()).sorted().toList();
    }
  }

  /** Moves {@code name} of the layout out and puts a symlink to it in its place. */
  private void replaceBySymlink(Path layout, String name) throws Exception {
    Path inside = layout.resolve(name);
    Path moved = outside.resolve(inside.getFileName());
    Files.move(inside, moved);
    Files.createSymbolicLink(inside, moved);
  }

  @Test
  void item3_blobsSha256Symlink_isRefused_andNothingIsWrittenThrough() throws Exception {
    Path layout = layout();
    replaceBySymlink(layout, "blobs/sha256");
    List<String> before = outsideFiles();
    assertThatThrownBy(() -> convertTo(layout, "two")).isInstanceOf(JaciException.class)
        .hasMessageContaining("blobs/sha256").hasMessageContaining("symbolic link");
    assertThat(outsideFiles()).isEqualTo(before);
  }

  @Test
  void item3_blobsSymlink_isRefused() throws Exception {
    Path layout = layout();
    replaceBySymlink(layout, "blobs");
    List<String> before = outsideFiles();
    assertThatThrownBy(() -> convertTo(layout, "two")).isInstanceOf(JaciException.class)
        .hasMessageContaining("blobs").hasMessageContaining("symbolic link");
    assertThat(outsideFiles()).isEqualTo(before);
  }

  @Test
  void item3_indexJsonSymlink_isRefused() throws Exception {
    Path layout = layout();
    replaceBySymlink(layout, "index.json");
    byte[] index = Files.readAllBytes(outside.resolve("index.json"));
    assertThatThrownBy(() -> convertTo(layout, "two")).isInstanceOf(JaciException.class)
        .hasMessageContaining("index.json").hasMessageContaining("symbolic link");
    assertThat(outside.resolve("index.json")).hasBinaryContent(index);
    assertThat(Files.isSymbolicLink(layout.resolve("index.json"))).isTrue();
  }

  @Test
  void item3_blobFileSymlink_isRefused() throws Exception {
    Path layout = layout();
    Path blobs = layout.resolve("blobs/sha256");
    Path blob;
    try (Stream<Path> s = Files.list(blobs)) {
      blob = s.findFirst().orElseThrow();
    }
    replaceBySymlink(layout, layout.relativize(blob).toString());
    assertThatThrownBy(() -> convertTo(layout, "two")).isInstanceOf(JaciException.class)
        .hasMessageContaining(blob.getFileName().toString())
        .hasMessageContaining("symbolic link");
  }

  @Test
  void item3_stagingSymlink_isRefused_andNothingIsWrittenThrough() throws Exception {
    Path layout = layout();
    Files.createSymbolicLink(layout.resolve(".jaci-staging"), outside);
    assertThatThrownBy(() -> convertTo(layout, "two")).isInstanceOf(JaciException.class);
    assertThat(outsideFiles()).containsExactly("");
  }

  @Test
  void layoutWithoutSymlinks_takesASecondTag() throws Exception {
    Path layout = layout();
    Digest d = convertTo(layout, "two");
    assertThat(Files.readString(layout.resolve("index.json"))).contains("\"one\"", "\"two\"")
        .contains(d.toString());
  }

  @Test
  void item3_dockerArchiveAtASymlink_replacesTheLinkNotItsTarget() throws Exception {
    Path target = Files.writeString(outside.resolve("victim"), "keep me");
    Path link = Files.createSymbolicLink(tmp.resolve("image.tar"), target);
    try (DockerArchiveSink sink = DockerArchiveSink.open(link, "hello:1", true)) {
      AciToOci.aciFile(aci).writeTo(sink);
    }
    assertThat(target).hasContent("keep me");
    assertThat(Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void item3_dockerArchiveAtADanglingSymlink_withoutOverwrite_isRefused() throws Exception {
    Path target = outside.resolve("nothing-yet");
    Path link = Files.createSymbolicLink(tmp.resolve("image.tar"), target);
    assertThatThrownBy(() -> DockerArchiveSink.open(link, "hello:1", false))
        .isInstanceOf(JaciException.class).hasMessageContaining("already exists");
    assertThat(target).doesNotExist();
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }
}
