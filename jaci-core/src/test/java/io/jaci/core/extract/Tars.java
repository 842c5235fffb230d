package io.jaci.core.extract;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/** Builds test archives entry by entry with {@link TarWriter}, which writes any name. */
final class Tars {
  static final long MTIME = 1_600_000_000L;

  /** An entry and its content. */
  record Entry(TarHeader header, byte[] content) {}

  private final List<Entry> entries = new ArrayList<>();

  static Tars tar() {
    return new Tars();
  }

  Tars add(TarHeader header, byte[] content) {
    entries.add(new Entry(header, content));
    return this;
  }

  Tars dir(String name, int mode) {
    return add(header(name, TarEntryType.DIRECTORY, mode, ""), null);
  }

  Tars dir(String name, int mode, long mtime) {
    return add(header(name, TarEntryType.DIRECTORY, mode, "").withMtime(mtime), null);
  }

  Tars file(String name, String content) {
    return file(name, 0644, content.getBytes(StandardCharsets.UTF_8));
  }

  Tars file(String name, int mode, byte[] content) {
    return add(header(name, TarEntryType.REGULAR, mode, "").withSize(content.length), content);
  }

  Tars symlink(String name, String target) {
    return add(header(name, TarEntryType.SYMLINK, 0777, target), null);
  }

  Tars hardLink(String name, String target) {
    return add(header(name, TarEntryType.HARD_LINK, 0644, target), null);
  }

  Tars fifo(String name, int mode) {
    return add(header(name, TarEntryType.FIFO, mode, ""), null);
  }

  static TarHeader header(String name, TarEntryType type, int mode, String link) {
    return new TarHeader(name, type, mode, 0, 0, 0, MTIME, link, 0, 0, null);
  }

  static TarHeader header(String name, TarEntryType type, int mode, long uid, long gid,
      long mtime, String link, SortedMap<String, byte[]> xattrs) {
    return new TarHeader(name, type, mode, uid, gid, 0, mtime, link, 0, 0, xattrs);
  }

  List<Entry> entries() {
    return entries;
  }

  byte[] bytes() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarWriter w = new TarWriter(buf)) {
      for (Entry e : entries) {
        if (e.header().size() > 0) {
          w.write(e.header(), new ByteArrayInputStream(e.content()));
        } else {
          w.write(e.header());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

  ByteArrayInputStream stream() {
    return new ByteArrayInputStream(bytes());
  }
}
