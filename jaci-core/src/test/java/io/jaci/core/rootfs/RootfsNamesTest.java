package io.jaci.core.rootfs;

import static io.jaci.core.rootfs.SourceTars.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.aci.AciBuildResult;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.tar.TarEntryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names of a rootfs tarball: normalised, unwrapped, refused when they would escape. */
class RootfsNamesTest extends ConversionFixture {
  @Test
  void names_leadingDotSlashAndEmptyComponentsAreDropped_manifestComesFirst() throws Exception {
    byte[] tar = SourceTars.tar().dir("./").dir("./etc/").file("./etc//passwd", "root\n")
        .dir("bin").file("./bin/./sh", "#!\n").bytes();
    Path out = tmp.resolve("out.aci");
    AciBuildResult r = build(tar, out);
    Map<String, Written> e = entries(out);
    assertThat(e.keySet()).containsExactly("manifest", "rootfs/", "rootfs/etc/",
        "rootfs/etc/passwd", "rootfs/bin/", "rootfs/bin/sh");
    assertThat(e.get("manifest").content()).isEqualTo(
        new String(ManifestJson.write(MANIFEST), StandardCharsets.UTF_8));
    assertThat(e.get("rootfs/etc/passwd").content()).isEqualTo("root\n");
    assertThat(r.entries()).isEqualTo(6);
  }

  @Test
  void aTopLevelRootfsDirectoryIsTheRoot() throws Exception {
    byte[] tar = SourceTars.tar().dir("./").add(header("./rootfs/", TarEntryType.DIRECTORY,
        0700, ""), null).dir("./rootfs/etc").file("./rootfs/etc/hostname", "h\n").bytes();
    Path out = tmp.resolve("out.aci");
    build(tar, out);
    Map<String, Written> e = entries(out);
    assertThat(e.keySet()).containsExactly("manifest", "rootfs/", "rootfs/etc/",
        "rootfs/etc/hostname");
    assertThat(e.get("rootfs/").header().mode()).isEqualTo(0700);
  }

  @Test
  void aTopLevelRootfsDirectory_anEntryOutsideItIsRefused() throws Exception {
    byte[] tar = SourceTars.tar().dir("rootfs").file("rootfs/a", "a").file("etc/b", "b")
        .bytes();
    assertThat(failure(tar)).isEqualTo("entry \"etc/b\" is outside the top-level rootfs/ "
        + "directory that the archive's first entry is in");
  }

  @Test
  void aFileNamedRootfsIsNotAWrapper() throws Exception {
    byte[] tar = SourceTars.tar().file("rootfs", "x").file("etc", "y").bytes();
    Path out = tmp.resolve("out.aci");
    build(tar, out);
    assertThat(entries(out).keySet()).containsExactly("manifest", "rootfs/", "rootfs/rootfs",
        "rootfs/etc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../evil", "./../evil", "etc/../../evil", "a/..", "/etc/passwd",
      "//etc/passwd"})
  void namesThatLeaveTheRootAreRefused(String name) throws Exception {
    byte[] tar = SourceTars.tar().dir("etc").file(name, "x").bytes();
    assertThat(failure(tar)).startsWith("entry \"" + name + "\"")
        .containsAnyOf("\"..\" component", "absolute name");
  }

  @Test
  void hardLinks_areRewrittenBelowRootfs_whateverTheSpellingOfTheTarget() throws Exception {
    byte[] tar = SourceTars.tar().dir(".").dir("./bin").file("./bin/gzip", "gz")
        .hardLink("./bin/gunzip", "./bin/gzip").hardLink("bin/zcat", "bin//gzip")
        .hardLink("bin/uncompress", "./bin/gunzip").bytes();
    Path out = tmp.resolve("out.aci");
    build(tar, out);
    Map<String, Written> e = entries(out);
    assertThat(e.get("rootfs/bin/gunzip").header().linkName()).isEqualTo("rootfs/bin/gzip");
    assertThat(e.get("rootfs/bin/zcat").header().linkName()).isEqualTo("rootfs/bin/gzip");
    assertThat(e.get("rootfs/bin/uncompress").header().linkName())
        .isEqualTo("rootfs/bin/gunzip");
    assertThat(e.get("rootfs/bin/zcat").header().type()).isEqualTo(TarEntryType.HARD_LINK);
  }

  @Test
  void hardLinks_inAWrappedArchive_loseTheWrapperToo() throws Exception {
    byte[] tar = SourceTars.tar().dir("rootfs").file("rootfs/a", "a")
        .hardLink("rootfs/b", "rootfs/a").bytes();
    Path out = tmp.resolve("out.aci");
    build(tar, out);
    assertThat(entries(out).get("rootfs/b").header().linkName()).isEqualTo("rootfs/a");
  }

  @Test
  void hardLinks_toALaterEntry_outside_toADirectory_orToItself_areRefused() throws Exception {
    assertThat(failure(SourceTars.tar().dir("bin").hardLink("bin/a", "bin/b")
        .file("bin/b", "b").bytes()))
        .isEqualTo("entry \"bin/a\": hard link to \"bin/b\", which is not an earlier entry of "
            + "the archive");
    assertThat(failure(SourceTars.tar().dir("bin").hardLink("bin/a", "../etc/shadow").bytes()))
        .isEqualTo("entry \"bin/a\": hard link target \"../etc/shadow\" has a \"..\" "
            + "component, which could leave the root file system");
    assertThat(failure(SourceTars.tar().dir("bin").hardLink("bin/a", "/etc/shadow").bytes()))
        .startsWith("entry \"bin/a\": hard link target \"/etc/shadow\" is an absolute name");
    assertThat(failure(SourceTars.tar().dir("bin").hardLink("bin/a", "bin").bytes()))
        .isEqualTo("entry \"bin/a\": hard link to the directory \"bin\"");
    assertThat(failure(SourceTars.tar().dir("bin").hardLink("bin/a", "bin/a").bytes()))
        .contains("which is not an earlier entry");
  }

  @Test
  void entriesBelowASymlinkOrAFileAreRefused() throws Exception {
    assertThat(failure(SourceTars.tar().symlink("lib", "/").file("lib/x", "x").bytes()))
        .isEqualTo("entry \"lib/x\": its parent \"/lib\" is a symbolic link (an image must "
            + "not write through links)");
    assertThat(failure(SourceTars.tar().file("a", "a").file("a/b", "b").bytes()))
        .isEqualTo("entry \"a/b\": its parent \"/a\" is not a directory");
  }

  @Test
  void duplicates_aRepeatedIdenticalDirectoryIsDropped_anythingElseIsRefused() throws Exception {
    Path out = tmp.resolve("out.aci");
    build(SourceTars.tar().dir("etc").file("etc/a", "a").dir("etc").bytes(), out);
    assertThat(entries(out).keySet()).containsExactly("manifest", "rootfs/", "rootfs/etc/",
        "rootfs/etc/a");
    assertThat(failure(SourceTars.tar().dir("etc").file("etc/a", "1").file("etc/a", "2")
        .bytes())).startsWith("entry \"etc/a\": \"/etc/a\" is in the archive twice (tar would "
            + "let the later entry win; jaci converts the archive as a stream and refuses");
    assertThat(failure(SourceTars.tar().dir("etc").add(header("etc", TarEntryType.DIRECTORY,
        0700, ""), null).bytes())).contains("is in the archive twice");
    assertThat(failure(SourceTars.tar().file("etc/a", "1").dir("etc").bytes()))
        .startsWith("entry \"etc/\": the directory comes after entries inside it");
    assertThat(failure(SourceTars.tar().file("etc", "1").dir("./").bytes()))
        .startsWith("entry \"./\": the root directory comes after entries inside it");
  }


  @Test
  void anAciIsNotTakenForARootFileSystem() throws Exception {
    assertThat(failure(SourceTars.tar().file("manifest", "{}").dir("rootfs")
        .file("rootfs/a", "a").bytes()))
        .isEqualTo("this is an image (manifest and rootfs/ at the top), not a root file "
            + "system: import it with jaci image import");
  }
}
