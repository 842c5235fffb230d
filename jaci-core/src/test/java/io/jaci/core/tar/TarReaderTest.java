package io.jaci.core.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class TarReaderTest {
  static List<TarEntry> readAll(byte[] tar) throws IOException {
    List<TarEntry> entries = new ArrayList<>();
    try (TarReader r = new TarReader(new ByteArrayInputStream(tar))) {
      for (TarEntry e = r.next(); e != null; e = r.next()) {
        entries.add(e);
      }
    }
    return entries;
  }

  @Test
  void readsBackWhatTarWriterWrote_xattrsAsRawBytes() throws IOException {
    List<TarHeader> written = TarWriterTest.sample();
    List<TarEntry> read = readAll(TarWriterTest.write(written, TarWriterTest.sampleContents()));
    assertThat(read).hasSize(written.size());
    for (int i = 0; i < written.size(); i++) {
      TarHeader w = written.get(i);
      TarHeader r = read.get(i).header();
      String expectedName = w.type() == TarEntryType.DIRECTORY ? w.name() + "/" : w.name();
      assertThat(r.name()).isEqualTo(expectedName);
      assertThat(r).usingRecursiveComparison().ignoringFields("name", "xattrs").isEqualTo(w);
      assertThat(r.xattrs().keySet()).isEqualTo(w.xattrs().keySet());
      w.xattrs().forEach((k, v) -> assertThat(r.xattrs().get(k)).isEqualTo(v));
    }
  }

  @Test
  void readsGnuLongNamesAndBigNumbersWrittenByCommonsCompress() throws IOException {
    String longName = "rootfs/" + "x".repeat(300);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
      TarArchiveEntry e = new TarArchiveEntry(longName);
      e.setSize(3);
      e.setUserId(0);
      e.setModTime(1000L * 1_600_000_000L);
      out.putArchiveEntry(e);
      out.write(new byte[] {9, 8, 7});
      out.closeArchiveEntry();
      TarArchiveEntry big = new TarArchiveEntry("rootfs/big");
      big.setUserId(010000000L * 4);
      out.putArchiveEntry(big);
      out.closeArchiveEntry();
    }
    List<TarEntry> read = readAll(buf.toByteArray());
    assertThat(read.get(0).name()).isEqualTo(longName);
    assertThat(read.get(0).header().size()).isEqualTo(3);
    assertThat(read.get(0).header().mtime()).isEqualTo(1_600_000_000L);
    assertThat(read.get(1).header().uid()).isEqualTo(010000000L * 4);
  }

  @Test
  void contentIsReadEntryByEntry_unreadContentIsSkipped() throws IOException {
    byte[] tar = TarWriterTest.write(TarWriterTest.sample(), TarWriterTest.sampleContents());
    try (TarReader r = new TarReader(new ByteArrayInputStream(tar))) {
      TarEntry manifest = r.next();
      assertThat(r.content().readAllBytes()).isEqualTo("{...}".getBytes(StandardCharsets.US_ASCII));
      r.next();
      TarEntry ping = r.next();
      assertThat(ping.name()).isEqualTo("rootfs/bin/ping");
      // not read: skipped by next()
      assertThat(r.next().name()).isEqualTo("rootfs/tmp/");
      assertThat(manifest.offset()).isZero();
    }
  }

  @Test
  void rawHeaderHoldsTheExtendedHeaderToo() throws IOException {
    byte[] tar = TarWriterTest.write(TarWriterTest.sample(), TarWriterTest.sampleContents());
    TarEntry ping = readAll(tar).get(2);
    // pax header block + its records (padded) + the ustar block
    assertThat(ping.rawHeader().length).isGreaterThanOrEqualTo(3 * 512);
    assertThat(ping.rawHeader().length % 512).isZero();
    assertThat(Arrays.copyOfRange(tar, (int) ping.offset(),
        (int) ping.offset() + ping.rawHeader().length)).isEqualTo(ping.rawHeader());
  }

  @Test
  void truncatedArchiveIsAnError() throws IOException {
    byte[] tar = TarWriterTest.write(TarWriterTest.sample(), TarWriterTest.sampleContents());
    byte[] cut = Arrays.copyOf(tar, 512 + 100);
    assertThatThrownBy(() -> {
      try (TarReader r = new TarReader(new ByteArrayInputStream(cut))) {
        r.next();
        r.content().readAllBytes();
        r.next();
      }
    }).isInstanceOf(EOFException.class).hasMessageContaining("truncated");
  }

  @Test
  void badChecksumIsNotATarArchive() {
    byte[] junk = new byte[1024];
    Arrays.fill(junk, 0, 512, (byte) 'A');
    assertThatThrownBy(() -> readAll(junk)).isInstanceOf(TarFormatException.class)
        .hasMessageContaining("not a tar archive");
  }

  @Test
  void hugeExtendedHeaderIsRefusedWithoutReadingIt() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
      TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
      pax.setSize(1L << 30);
      out.putArchiveEntry(pax);
      // no content: the reader must refuse on the size alone
    } catch (IOException expectedShortWrite) {
      // Commons Compress complains that the entry is short; the header is written already
    }
    byte[] tar = Arrays.copyOf(buf.toByteArray(), 1024);
    assertThatThrownBy(() -> readAll(tar)).isInstanceOf(TarFormatException.class)
        .hasMessageContaining("over the limit");
  }

  @Test
  void gnuSparseFilesAreRefused_theirDataIsNotTheFile() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
      TarArchiveEntry e = new TarArchiveEntry("GNUSparseFile.0/disk.img");
      e.addPaxHeader("GNU.sparse.major", "1");
      e.addPaxHeader("GNU.sparse.minor", "0");
      e.addPaxHeader("GNU.sparse.name", "disk.img");
      e.addPaxHeader("GNU.sparse.realsize", "1048576");
      e.setSize(512);
      out.putArchiveEntry(e);
      out.write(new byte[512]);
      out.closeArchiveEntry();
    }
    assertThatThrownBy(() -> readAll(buf.toByteArray())).isInstanceOf(TarFormatException.class)
        .hasMessage("entry at offset 0 is a GNU sparse file, which jaci does not read: create "
            + "the archive without --sparse");
  }
}
