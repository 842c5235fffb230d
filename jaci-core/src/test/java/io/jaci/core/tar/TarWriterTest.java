package io.jaci.core.tar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/** Checks what TarWriter writes with an independent reader, Commons Compress. */
class TarWriterTest {
  private static final String LONG_NAME = "rootfs/" + "deep/".repeat(30) + "file.txt";
  private static final byte[] CAPABILITY = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, (byte) 0xff,
      (byte) 0x80, 0, 0, 0, 0, 0, 0};

  static byte[] write(List<TarHeader> headers, Map<String, byte[]> contents) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarWriter w = new TarWriter(buf)) {
      for (TarHeader h : headers) {
        if (h.size() > 0) {
          w.write(h, new ByteArrayInputStream(contents.get(h.name())));
        } else {
          w.write(h);
        }
      }
    }
    return buf.toByteArray();
  }

  static TarHeader file(String name, long size) {
    return new TarHeader(name, TarEntryType.REGULAR, 0644, 0, 0, size, 1_700_000_000L, "", 0, 0,
        null);
  }

  static List<TarHeader> sample() {
    TreeMap<String, byte[]> xattrs = new TreeMap<>();
    xattrs.put("security.capability", CAPABILITY);
    xattrs.put("user.comment", "héllo".getBytes(StandardCharsets.UTF_8));
    return List.of(
        file("manifest", 5),
        new TarHeader("rootfs", TarEntryType.DIRECTORY, 0755, 0, 0, 0, 1, "", 0, 0, null),
        new TarHeader("rootfs/bin/ping", TarEntryType.REGULAR, 04755, 0, 0, 3, 2, "", 0, 0, xattrs),
        new TarHeader("rootfs/tmp", TarEntryType.DIRECTORY, 01777, 0, 0, 0, 3, "", 0, 0, null),
        new TarHeader("rootfs/bin/ping6", TarEntryType.HARD_LINK, 04755, 0, 0, 0, 2,
            "rootfs/bin/ping", 0, 0, null),
        new TarHeader("rootfs/lib", TarEntryType.SYMLINK, 0777, 0, 0, 0, 4, "usr/lib", 0, 0, null),
        new TarHeader("rootfs/dev/null", TarEntryType.CHAR_DEVICE, 0666, 0, 0, 0, 5, "", 1, 3, null),
        new TarHeader("rootfs/dev/sda", TarEntryType.BLOCK_DEVICE, 0660, 0, 6, 0, 5, "", 8, 0, null),
        new TarHeader("rootfs/run/fifo", TarEntryType.FIFO, 0600, 1000, 1000, 0, 6, "", 0, 0, null),
        new TarHeader("rootfs/ünïcödé/名前", TarEntryType.DIRECTORY, 0700, 0, 0, 0, 7, "", 0, 0, null),
        new TarHeader("rootfs/big-ids", TarEntryType.REGULAR, 0600, 4_000_000_000L, 3_000_000L, 0,
            8, "", 0, 0, null),
        file(LONG_NAME, 4),
        new TarHeader("rootfs/longlink", TarEntryType.SYMLINK, 0777, 0, 0, 0, 9,
            "/" + "target/".repeat(40), 0, 0, null));
  }

  static Map<String, byte[]> sampleContents() {
    return Map.of("manifest", "{...}".getBytes(StandardCharsets.US_ASCII),
        "rootfs/bin/ping", new byte[] {1, 2, 3},
        LONG_NAME, "data".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void commonsCompressReadsBackEveryField() throws IOException {
    byte[] tar = write(sample(), sampleContents());
    assertThat(tar.length % 512).isZero();
    List<TarArchiveEntry> read = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        read.add(e);
        if (e.getName().equals(LONG_NAME)) {
          assertThat(in.readAllBytes()).isEqualTo("data".getBytes(StandardCharsets.US_ASCII));
        }
      }
    }
    assertThat(read).extracting(TarArchiveEntry::getName).containsExactly("manifest", "rootfs/",
        "rootfs/bin/ping", "rootfs/tmp/", "rootfs/bin/ping6", "rootfs/lib", "rootfs/dev/null",
        "rootfs/dev/sda", "rootfs/run/fifo", "rootfs/ünïcödé/名前/", "rootfs/big-ids", LONG_NAME,
        "rootfs/longlink");
    TarArchiveEntry ping = read.get(2);
    assertThat(ping.getMode() & 07777).isEqualTo(04755);
    assertThat(ping.getExtraPaxHeaders()).containsKeys("SCHILY.xattr.security.capability",
        "SCHILY.xattr.user.comment");
    assertThat(ping.getExtraPaxHeader("SCHILY.xattr.user.comment")).isEqualTo("héllo");
    assertThat(read.get(3).getMode() & 07777).isEqualTo(01777);
    assertThat(read.get(4).isLink()).isTrue();
    assertThat(read.get(4).getLinkName()).isEqualTo("rootfs/bin/ping");
    assertThat(read.get(5).isSymbolicLink()).isTrue();
    assertThat(read.get(6).isCharacterDevice()).isTrue();
    assertThat(read.get(6).getDevMajor()).isEqualTo(1);
    assertThat(read.get(6).getDevMinor()).isEqualTo(3);
    assertThat(read.get(7).isBlockDevice()).isTrue();
    assertThat(read.get(7).getLongGroupId()).isEqualTo(6);
    assertThat(read.get(8).isFIFO()).isTrue();
    assertThat(read.get(8).getLongUserId()).isEqualTo(1000);
    assertThat(read.get(10).getLongUserId()).isEqualTo(4_000_000_000L);
    assertThat(read.get(10).getLongGroupId()).isEqualTo(3_000_000L);
    assertThat(read.get(12).getLinkName()).isEqualTo("/" + "target/".repeat(40));
    assertThat(read).allSatisfy(e -> {
      assertThat(e.getUserName()).isEmpty();
      assertThat(e.getGroupName()).isEmpty();
    });
  }

  @Test
  void paxRecordLengthsCountThemselves() {
    Map<String, byte[]> pax = new TreeMap<>();
    pax.put("path", "x".repeat(93).getBytes(StandardCharsets.US_ASCII)); // 3-digit length edge
    byte[] records = TarWriter.paxRecords(pax);
    String s = new String(records, StandardCharsets.US_ASCII);
    int len = Integer.parseInt(s.substring(0, s.indexOf(' ')));
    assertThat(len).isEqualTo(records.length);
  }

  @Test
  void sameHeadersGiveSameBytes() throws IOException {
    assertThat(write(sample(), sampleContents())).isEqualTo(write(sample(), sampleContents()));
  }
}
