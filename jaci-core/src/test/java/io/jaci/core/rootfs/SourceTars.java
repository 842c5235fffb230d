package io.jaci.core.rootfs;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Root file system tarballs for the tests, written entry by entry with {@link TarWriter}. */
final class SourceTars {
  static final long MTIME = 1_600_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarWriter tar = new TarWriter(bytes);

  static SourceTars tar() {
    return new SourceTars();
  }

  SourceTars add(TarHeader h, byte[] content) {
    try {
      if (content == null) {
        tar.write(h);
      } else {
        tar.write(h.withSize(content.length), new ByteArrayInputStream(content));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  SourceTars dir(String name) {
    return add(header(name, TarEntryType.DIRECTORY, 0755, ""), null);
  }

  SourceTars file(String name, String content) {
    return add(header(name, TarEntryType.REGULAR, 0644, ""),
        content.getBytes(StandardCharsets.UTF_8));
  }

  SourceTars symlink(String name, String target) {
    return add(header(name, TarEntryType.SYMLINK, 0777, target), null);
  }

  SourceTars hardLink(String name, String target) {
    return add(header(name, TarEntryType.HARD_LINK, 0644, target), null);
  }

  static TarHeader header(String name, TarEntryType type, int mode, String link) {
    return new TarHeader(name, type, mode, 0, 0, 0, MTIME, link, 0, 0, null);
  }

  static Map<String, byte[]> xattr(String name, String value) {
    Map<String, byte[]> m = new TreeMap<>();
    m.put(name, value.getBytes(StandardCharsets.UTF_8));
    return m;
  }

  byte[] bytes() {
    try {
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
