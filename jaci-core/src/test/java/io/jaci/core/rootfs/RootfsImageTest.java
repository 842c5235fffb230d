package io.jaci.core.rootfs;

import static io.jaci.core.rootfs.SourceTars.MTIME;
import static io.jaci.core.rootfs.SourceTars.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciBuildResult;
import io.jaci.core.aci.ImageValidator;
import io.jaci.core.io.Compression;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RootfsImageTest extends ConversionFixture {
  @Test
  void everyPropertyIsKept_devicesFifosSetuidOwnersXattrsSymlinks() throws Exception {
    TreeMap<String, byte[]> caps = new TreeMap<>(SourceTars.xattr("security.capability", "\u0001"));
    caps.put("user.note", new byte[] {0, (byte) 0xff, 10});
    byte[] tar = SourceTars.tar().dir(".").dir("dev").dir("bin")
        .add(new TarHeader("dev/sda1", TarEntryType.BLOCK_DEVICE, 0660, 0, 6, 0, MTIME, "", 8,
            1, null), null)
        .add(new TarHeader("dev/big", TarEntryType.CHAR_DEVICE, 0600, 0, 0, 0, MTIME, "", 4095,
            1_048_575, null), null)
        .add(new TarHeader("dev/initctl", TarEntryType.FIFO, 0600, 0, 0, 0, MTIME, "", 0, 0,
            null), null)
        .add(new TarHeader("bin/su", TarEntryType.REGULAR, 04755, 0, 0, 0, MTIME, "", 0, 0,
            null), "su".getBytes(StandardCharsets.UTF_8))
        .add(new TarHeader("bin/ping", TarEntryType.REGULAR, 0755, 2_000_000_000L, 3_000_000_000L,
            0, MTIME, "", 0, 0, caps), "ping".getBytes(StandardCharsets.UTF_8))
        .add(new TarHeader("tmp", TarEntryType.DIRECTORY, 01777, 0, 0, 0, MTIME, "", 0, 0, null),
            null)
        .add(new TarHeader("bin/sh", TarEntryType.SYMLINK, 0777, 1000, 1000, 0, MTIME, "/bin/busybox",
            0, 0, null), null)
        .bytes();
    Path out = tmp.resolve("out.aci");
    build(tar, out);
    Map<String, Written> e = entries(out);
    TarHeader sda = e.get("rootfs/dev/sda1").header();
    assertThat(List.of(sda.type(), sda.devMajor(), sda.devMinor(), sda.gid(), sda.mode()))
        .containsExactly(TarEntryType.BLOCK_DEVICE, 8, 1, 6L, 0660);
    TarHeader big = e.get("rootfs/dev/big").header();
    assertThat(List.of(big.devMajor(), big.devMinor())).containsExactly(4095, 1_048_575);
    assertThat(e.get("rootfs/dev/initctl").header().type()).isEqualTo(TarEntryType.FIFO);
    assertThat(e.get("rootfs/bin/su").header().mode()).isEqualTo(04755);
    TarHeader ping = e.get("rootfs/bin/ping").header();
    assertThat(List.of(ping.uid(), ping.gid())).containsExactly(2_000_000_000L, 3_000_000_000L);
    assertThat(ping.xattrs()).containsOnlyKeys("security.capability", "user.note");
    assertThat(ping.xattrs().get("user.note")).containsExactly(0, 0xff, 10);
    assertThat(e.get("rootfs/bin/ping").content()).isEqualTo("ping");
    assertThat(e.get("rootfs/tmp/").header().mode()).isEqualTo(01777);
    TarHeader sh = e.get("rootfs/bin/sh").header();
    assertThat(List.of(sh.linkName(), sh.uid())).containsExactly("/bin/busybox", 1000L);
  }

  @Test
  void missingParentsAreAdded_rootOwned0755_withTheMtimeOfTheEntryThatNeedsThem()
      throws Exception {
    byte[] tar = SourceTars.tar().add(new TarHeader("usr/share/doc/x", TarEntryType.REGULAR,
        0644, 5, 5, 0, 1_700_000_000L, "", 0, 0, null), new byte[] {1}).bytes();
    Path out = tmp.resolve("out.aci");
    build(tar, out);
    Map<String, Written> e = entries(out);
    assertThat(e.keySet()).containsExactly("manifest", "rootfs/", "rootfs/usr/",
        "rootfs/usr/share/", "rootfs/usr/share/doc/", "rootfs/usr/share/doc/x");
    for (String dir : List.of("rootfs/", "rootfs/usr/", "rootfs/usr/share/doc/")) {
      TarHeader h = e.get(dir).header();
      assertThat(List.of(h.mode(), h.uid(), h.gid(), h.mtime()))
          .containsExactly(0755, 0L, 0L, 1_700_000_000L);
    }
  }

  /** Issue 10, item 7: an entry 3,000 directories deep was a StackOverflowError. */
  @Test
  void anEntryThousandsOfComponentsDeep_item7_getsItsParentsWithoutRecursion()
      throws Exception {
    String deep = String.join("/", Collections.nCopies(3000, "a")) + "/f";
    byte[] tar = SourceTars.tar().add(new TarHeader(deep, TarEntryType.REGULAR, 0644, 0, 0, 0,
        1_700_000_000L, "", 0, 0, null), new byte[] {1}).bytes();
    Path out = tmp.resolve("out.aci");
    build(tar, out);
    List<String> names = List.copyOf(entries(out).keySet());
    assertThat(names).hasSize(2 + 3000 + 1);
    assertThat(names.get(2)).isEqualTo("rootfs/a/");
    assertThat(names.get(3001)).hasSize("rootfs/".length() + 2 * 3000);
    assertThat(names.get(3002)).isEqualTo("rootfs/" + deep);
    assertThat(ImageValidator.validate(out).errors()).isEmpty();
  }

  @Test
  void aDeepEntryBelowASymlink_isRefusedNamingTheLink() throws Exception {
    String deep = String.join("/", Collections.nCopies(50, "d")) + "/f";
    byte[] tar = SourceTars.tar().dir("a").add(header("a/l", TarEntryType.SYMLINK,
        0777, "/tmp"), null).file("a/l/" + deep, "x").bytes();
    assertThatThrownBy(() -> build(tar, tmp.resolve("out.aci")))
        .hasMessageContaining("its parent \"/a/l\" is a symbolic link");
  }

  @Test
  void sourceDateEpoch_clampsEveryMtime_addedDirectoriesAndManifestToo() throws Exception {
    byte[] tar = SourceTars.tar().add(new TarHeader("a/b", TarEntryType.REGULAR, 0644, 0, 0, 0,
        1_700_000_000L, "", 0, 0, null), new byte[] {1}).file("a/old", "o").bytes();
    Path out = tmp.resolve("out.aci");
    RootfsImage.from(source(tar)).manifest(MANIFEST).sourceDateEpoch(1_650_000_000L)
        .build(out);
    Map<String, Long> mtimes = new TreeMap<>();
    entries(out).forEach((n, w) -> mtimes.put(n, w.header().mtime()));
    assertThat(mtimes).containsEntry("manifest", 1_650_000_000L)
        .containsEntry("rootfs/", 1_650_000_000L).containsEntry("rootfs/a/", 1_650_000_000L)
        .containsEntry("rootfs/a/b", 1_650_000_000L).containsEntry("rootfs/a/old", MTIME);
  }

  @Test
  void gnuLongNamesAndLinks_oldGnuAndUstarHeaders_areRead() throws Exception {
    String longDir = "usr/" + "d".repeat(120);
    String longFile = longDir + "/" + "f".repeat(150);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
      for (String d : List.of("./", "./usr/", "./" + longDir + "/")) {
        TarArchiveEntry e = new TarArchiveEntry(d);
        e.setModTime(MTIME * 1000);
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
      }
      TarArchiveEntry f = new TarArchiveEntry("./" + longFile);
      f.setSize(4);
      f.setIds(3_000_000, 7);
      out.putArchiveEntry(f);
      out.write("long".getBytes(StandardCharsets.UTF_8));
      out.closeArchiveEntry();
      TarArchiveEntry l = new TarArchiveEntry("./usr/link", TarConstants.LF_LINK);
      l.setLinkName("./" + longFile);
      out.putArchiveEntry(l);
      out.closeArchiveEntry();
      TarArchiveEntry s = new TarArchiveEntry("./usr/sym", TarConstants.LF_SYMLINK);
      s.setLinkName("/" + longFile);
      out.putArchiveEntry(s);
      out.closeArchiveEntry();
    }
    byte[] tar = buf.toByteArray();
    assertThat(new String(tar, StandardCharsets.ISO_8859_1)).contains("././@LongLink");
    Path out = tmp.resolve("out.aci");
    build(tar, out);
    Map<String, Written> e = entries(out);
    assertThat(e.get("rootfs/" + longFile).content()).isEqualTo("long");
    assertThat(e.get("rootfs/" + longFile).header().uid()).isEqualTo(3_000_000L);
    assertThat(e.get("rootfs/usr/link").header().linkName()).isEqualTo("rootfs/" + longFile);
    assertThat(e.get("rootfs/usr/sym").header().linkName()).isEqualTo("/" + longFile);

    // the same entries with old-GNU magic ("ustar  \0") in every header read the same
    byte[] oldGnu = OldGnu.remagic(tar);
    Path out2 = tmp.resolve("out2.aci");
    AciBuildResult a = build(oldGnu, out2);
    assertThat(a.imageId()).isEqualTo(build(tar, tmp.resolve("out3.aci")).imageId());
  }

  @Test
  void paxNamesAndUstarPrefixes_areRead() throws Exception {
    String deep = "usr/lib/" + "p".repeat(80) + "/" + "q".repeat(60);
    String unicode = "usr/share/zoneinfo/Amérique/Montréal";
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX); // prefix field, else pax
      out.setAddPaxHeadersForNonAsciiNames(true);
      for (String name : List.of(deep, unicode)) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(1);
        out.putArchiveEntry(e);
        out.write('z');
        out.closeArchiveEntry();
      }
    }
    Path out = tmp.resolve("out.aci");
    build(buf.toByteArray(), out);
    assertThat(entries(out)).containsKeys("rootfs/" + deep, "rootfs/" + unicode);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyCompression_givesTheSameImage(Compression c) throws Exception {
    byte[] tar = SourceTars.tar().dir(".").file("a", "a".repeat(100_000)).bytes();
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (OutputStream out = c.compress(compressed)) {
      out.write(tar);
    }
    Path src = Files.write(tmp.resolve("src." + c.displayName()), compressed.toByteArray());
    AciBuildResult r = RootfsImage.from(src).manifest(MANIFEST).build(tmp.resolve("c.aci"));
    AciBuildResult plain = build(tar, tmp.resolve("plain.aci"));
    assertThat(r.imageId()).isEqualTo(plain.imageId());
    assertThat(entries(tmp.resolve("c.aci")).get("rootfs/a").content()).hasSize(100_000);
  }

  @Test
  void sameInputGivesTheSameBytes_andTheImageCanBeAnyAciCompression() throws Exception {
    byte[] tar = SourceTars.tar().dir(".").file("a", "abc").hardLink("b", "a").bytes();
    Path one = tmp.resolve("one.aci");
    Path two = tmp.resolve("two.aci");
    build(tar, one);
    build(tar, two);
    assertThat(Files.readAllBytes(one)).isEqualTo(Files.readAllBytes(two));
    for (Compression c : List.of(Compression.NONE, Compression.BZIP2, Compression.XZ)) {
      Path o = tmp.resolve("o." + c.displayName());
      AciBuildResult r = RootfsImage.from(source(tar)).manifest(MANIFEST).compression(c)
          .build(o);
      assertThat(ImageValidator.validateArchive(o).errors()).isEmpty();
      assertThat(r.imageId()).isEqualTo(build(tar, tmp.resolve("again.aci")).imageId());
      Files.delete(tmp.resolve("again.aci"));
    }
  }

  @Test
  void fromAStream() throws Exception {
    byte[] tar = SourceTars.tar().dir(".").file("x", "y").bytes();
    Path out = tmp.resolve("s.aci");
    AciBuildResult r = RootfsImage.fromStream(new ByteArrayInputStream(tar), "standard input")
        .manifest(MANIFEST).build(out);
    assertThat(r.imageId()).isEqualTo(build(tar, tmp.resolve("f.aci")).imageId());
  }

  @Test
  void fromADirectory_buildsItLikeJaciBuild() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root/etc"));
    Files.writeString(root.resolve("hostname"), "h\n");
    Path out = tmp.resolve("d.aci");
    RootfsImage.from(tmp.resolve("root")).manifest(MANIFEST).build(out);
    assertThat(entries(out).keySet()).containsExactly("manifest", "rootfs/", "rootfs/etc/",
        "rootfs/etc/hostname");
  }

  @Test
  void badInput_oneLineNamingTheSource_noOutput() throws Exception {
    assertThat(failure("this is not a tarball at all".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("not a tar archive, nor gzip, bzip2, xz or zstd data");
    assertThat(failure(new byte[0])).isEqualTo("the file is empty");
    byte[] tar = SourceTars.tar().dir(".").file("big", "x".repeat(50_000)).bytes();
    assertThat(failure(Arrays.copyOf(tar, 20_000)))
        .isEqualTo("the archive ends inside an entry (the file is truncated)");
    byte[] damaged = tar.clone();
    damaged[512 + 5] ^= 0x55; // inside the header of "big", the second block
    assertThat(failure(damaged)).startsWith("not a tar archive, or corrupt: bad header checksum");
    assertThat(failure(new byte[10240])).isEqualTo("not a tar archive, nor gzip, bzip2, xz or "
        + "zstd data");
    assertThat(failure(gzip(new byte[10240]))).isEqualTo("the archive has no entries");
  }

  /** Damage that decodes to garbage tar headers is still reported as the damage it is. */
  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ", "ZSTD"})
  void corruptCompressedData_amongManySmallFiles_isReportedAsCorruptData(Compression c)
      throws Exception {
    SourceTars files = SourceTars.tar().dir(".");
    for (int i = 0; i < 400; i++) {
      files.add(header("f" + i, TarEntryType.REGULAR, 0644, ""),
          ("file " + i + " of a tree of small text files\n").repeat(8)
              .getBytes(StandardCharsets.UTF_8));
    }
    byte[] tar = files.bytes();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = c == Compression.ZSTD
        ? new com.github.luben.zstd.ZstdOutputStream(b).setChecksum(true)
        : c.compress(b)) {
      out.write(tar);
    }
    byte[] data = b.toByteArray();
    for (int at : new int[] {data.length / 4, data.length / 2, 3 * data.length / 4}) {
      byte[] corrupt = data.clone();
      for (int i = at; i < at + 16; i++) {
        corrupt[i] = 'X';
      }
      assertThat(failure(corrupt)).as("damage at %d of %d", at, data.length)
          .matches("(corrupt|truncated) " + c.displayName() + " data.*");
    }
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ", "ZSTD"})
  void compressedData_truncatedOrCorrupt_isReportedAsSuch(Compression c) throws Exception {
    byte[] random = new byte[300_000];
    new java.util.Random(1).nextBytes(random);
    byte[] tar = SourceTars.tar().dir(".").add(header("r", TarEntryType.REGULAR, 0644, ""),
        random).bytes();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = c == Compression.ZSTD
        ? new com.github.luben.zstd.ZstdOutputStream(b).setChecksum(true) // as the zstd CLI
        : c.compress(b)) {
      out.write(tar);
    }
    byte[] data = b.toByteArray();
    assertThat(failure(Arrays.copyOf(data, data.length / 2)))
        .startsWith("truncated " + c.displayName() + " data");
    byte[] corrupt = data.clone();
    for (int i = data.length / 3; i < data.length / 3 + 64; i++) {
      corrupt[i] ^= 0x5a;
    }
    assertThat(failure(corrupt)).matches("(corrupt|truncated) " + c.displayName() + " data.*");
  }

  @Test
  void xzInProcess_whenNoXzProgramIsGiven_givesTheSameImage_andTheSameKindOfErrors()
      throws Exception {
    byte[] random = new byte[200_000];
    new java.util.Random(2).nextBytes(random);
    byte[] tar = SourceTars.tar().dir(".").add(header("r", TarEntryType.REGULAR, 0644, ""),
        random).bytes();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = Compression.XZ.compress(b)) {
      out.write(tar);
    }
    Path xz = Files.write(tmp.resolve("r.tar.xz"), b.toByteArray());
    Path truncated = Files.write(tmp.resolve("t.tar.xz"),
        Arrays.copyOf(b.toByteArray(), b.size() / 2));
    List<String> ids = new ArrayList<>();
    for (Path program : Arrays.asList(null, XzProgram.find())) {
      ids.add(RootfsImage.from(xz).manifest(MANIFEST).xzProgram(program)
          .build(tmp.resolve("x" + ids.size() + ".aci")).imageId().toString());
      assertThatThrownBy(() -> RootfsImage.from(truncated).manifest(MANIFEST)
          .xzProgram(program).build(tmp.resolve("bad.aci")))
          .hasMessageStartingWith(truncated + ": truncated xz data: the stream ends early");
    }
    assertThat(ids.get(1)).isEqualTo(ids.get(0));
    assertThat(XzProgram.find()).as("xz on PATH").isNotNull();
  }

  @Test
  @Timeout(120) // a guard against a deadlock between the xz program, its feeder and close()
  void aRefusedEntryEarlyInALargeXzStream_stopsTheXzProgramAndFails() throws Exception {
    byte[] random = new byte[4 << 20];
    new java.util.Random(3).nextBytes(random);
    SourceTars t = SourceTars.tar().dir(".").file("../escape", "x");
    for (int i = 0; i < 8; i++) {
      t.add(header("r" + i, TarEntryType.REGULAR, 0644, ""), random);
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = Compression.XZ.compress(b, 1)) {
      out.write(t.bytes());
    }
    Path xz = Files.write(tmp.resolve("big.tar.xz"), b.toByteArray());
    assertThatThrownBy(() -> RootfsImage.from(xz).manifest(MANIFEST)
        .xzProgram(XzProgram.find()).build(tmp.resolve("bad.aci")))
        .hasMessage(xz + ": entry \"../escape\" has a \"..\" component, which could leave the "
            + "root file system");
    assertThat(tmp.resolve("bad.aci")).doesNotExist();
  }

  @Test
  void damagedTrailerAfterTheArchive_isFound_becauseTheStreamIsReadToItsEnd() throws Exception {
    byte[] data = gzip(SourceTars.tar().dir(".").file("a", "a").bytes());
    data[data.length - 6] ^= 1; // the CRC-32 in the gzip trailer
    assertThat(failure(data)).startsWith("corrupt gzip data");
  }

  @Test
  void outputProblemsNameTheOutput() throws Exception {
    byte[] tar = SourceTars.tar().dir(".").bytes();
    Path out = tmp.resolve("exists.aci");
    Files.writeString(out, "old");
    assertThatThrownBy(() -> build(tar, out)).isInstanceOf(JaciException.class)
        .hasMessageContaining(out.toString());
    assertThat(Files.readString(out)).isEqualTo("old");
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = Compression.GZIP.compress(b)) {
      out.write(data);
    }
    return b.toByteArray();
  }

  /** Rewrites every header of a tar to the old GNU magic, {@code "ustar  \0"}. */
  static final class OldGnu {
    static byte[] remagic(byte[] tar) throws IOException {
      byte[] copy = tar.clone();
      List<Integer> headers = new ArrayList<>();
      try (TarReader r = new TarReader(new ByteArrayInputStream(tar))) {
        for (TarEntry e = r.next(); e != null; e = r.next()) {
          for (int off = 0; off < e.rawHeader().length; off += 512) {
            if (new String(e.rawHeader(), off + 257, 5, StandardCharsets.US_ASCII)
                .equals("ustar")) {
              headers.add((int) e.offset() + off);
            }
          }
        }
      }
      for (int h : headers) {
        System.arraycopy("ustar  \0".getBytes(StandardCharsets.US_ASCII), 0, copy, h + 257, 8);
        long sum = 0;
        for (int i = 0; i < 512; i++) {
          sum += (i >= 148 && i < 156) ? ' ' : copy[h + i] & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, copy, h + 148, 8);
      }
      assertThat(headers).isNotEmpty();
      return copy;
    }
  }
}
