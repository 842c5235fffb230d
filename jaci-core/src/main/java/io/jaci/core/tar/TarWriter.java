package io.jaci.core.tar;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes POSIX.1-2001 (pax) tar archives reproducibly: every field comes from the
 * {@link TarHeader}, nothing from the clock or the user running it, and extended records
 * are written in sorted key order. Names that do not fit ustar (over 100 bytes or not
 * ASCII), big numbers and extended attributes ({@code SCHILY.xattr.*}, the form GNU tar,
 * Go and libarchive read) go into a pax extended header before the entry.
 */
public final class TarWriter implements Closeable {
  static final int BLOCK = 512;
  private static final long MAX_OCTAL_7 = 07777777L;
  private static final long MAX_OCTAL_11 = 077777777777L;
  private static final int COPY_BUFFER = 1 << 18;

  private final OutputStream out;
  private final byte[] copyBuffer = new byte[COPY_BUFFER];
  private long bytesWritten;
  private boolean finished;
  private boolean closed;

  public TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes an entry that has no content (anything but a regular file with data). */
  public void write(TarHeader header) throws IOException {
    if (header.size() != 0) {
      throw new IllegalArgumentException("entry " + header.name() + " needs its content");
    }
    writeHeader(header);
  }

  /**
   * Writes a regular file entry and exactly {@code header.size()} bytes of content from
   * {@code content}.
   *
   * @throws ContentSizeException when the content is shorter than the header says (a file
   *     that shrank while it was read)
   */
  public void write(TarHeader header, InputStream content) throws IOException {
    writeHeader(header);
    long remaining = header.size();
    while (remaining > 0) {
      int n = content.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, remaining));
      if (n < 0) {
        throw new ContentSizeException(header.name() + " has " + (header.size() - remaining)
            + " bytes, expected " + header.size() + " (did it change while being read?)");
      }
      out.write(copyBuffer, 0, n);
      remaining -= n;
    }
    bytesWritten += header.size();
    pad(header.size());
  }

  /**
   * Copies an entry read by {@link TarReader} byte for byte: its raw header blocks, then
   * {@code entry.storedSize()} bytes of content.
   */
  public void copy(TarEntry entry, InputStream content) throws IOException {
    if (entry.storedSize() != entry.header().size()) {
      // a non-file entry with stored data: its data was skipped, so write it anew without
      write(entry.header());
      return;
    }
    out.write(entry.rawHeader());
    bytesWritten += entry.rawHeader().length;
    long remaining = entry.storedSize();
    while (remaining > 0) {
      int n = content.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, remaining));
      if (n < 0) {
        throw new ContentSizeException(entry.name() + ": content ended early");
      }
      out.write(copyBuffer, 0, n);
      remaining -= n;
    }
    bytesWritten += entry.storedSize();
    pad(entry.storedSize());
  }

  /**
   * Copies a whole tar stream as it is (the caller vouches that it is one), including its
   * end-of-archive blocks; nothing may be written after it.
   */
  public void copyRaw(InputStream tar) throws IOException {
    for (int n = tar.read(copyBuffer); n >= 0; n = tar.read(copyBuffer)) {
      out.write(copyBuffer, 0, n);
      bytesWritten += n;
    }
    finished = true;
  }

  private void writeHeader(TarHeader h) throws IOException {
    String name = h.type() == TarEntryType.DIRECTORY && !h.name().endsWith("/")
        ? h.name() + "/" : h.name();
    Map<String, byte[]> pax = new TreeMap<>();
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100 || !isAscii(nameBytes)) {
      pax.put("path", nameBytes);
    }
    byte[] linkBytes = h.linkName().getBytes(StandardCharsets.UTF_8);
    if (linkBytes.length > 100 || !isAscii(linkBytes)) {
      pax.put("linkpath", linkBytes);
    }
    bigNumber(pax, "uid", h.uid(), MAX_OCTAL_7);
    bigNumber(pax, "gid", h.gid(), MAX_OCTAL_7);
    bigNumber(pax, "size", h.size(), MAX_OCTAL_11);
    if (h.mtime() < 0 || h.mtime() > MAX_OCTAL_11) {
      pax.put("mtime", Long.toString(h.mtime()).getBytes(StandardCharsets.US_ASCII));
    }
    for (Map.Entry<String, byte[]> x : h.xattrs().entrySet()) {
      pax.put("SCHILY.xattr." + x.getKey(), x.getValue());
    }
    if (!pax.isEmpty()) {
      byte[] records = paxRecords(pax);
      byte[] block = ustarBlock(paxEntryName(name), 'x', 0644, 0, 0, records.length,
          clampOctal(h.mtime()), "", 0, 0);
      out.write(block);
      out.write(records);
      bytesWritten += BLOCK + records.length;
      pad(records.length);
    }
    out.write(ustarBlock(name, h.type().flag(), h.mode() & 07777, Math.min(h.uid(), MAX_OCTAL_7),
        Math.min(h.gid(), MAX_OCTAL_7), h.size() > MAX_OCTAL_11 ? 0 : h.size(),
        clampOctal(h.mtime()), h.linkName(), h.devMajor(), h.devMinor()));
    bytesWritten += BLOCK;
  }

  private static long clampOctal(long value) {
    return Math.max(0, Math.min(value, MAX_OCTAL_11));
  }

  private static void bigNumber(Map<String, byte[]> pax, String key, long value, long max) {
    if (value > max) {
      pax.put(key, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** Each record is "LEN KEY=VALUE\n", LEN counting the whole record including itself. */
  static byte[] paxRecords(Map<String, byte[]> pax) {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> e : pax.entrySet()) {
      byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
      int rest = 1 + key.length + 1 + e.getValue().length + 1;
      int len = rest + 1;
      while (Integer.toString(len).length() + rest != len) {
        len = Integer.toString(len).length() + rest;
      }
      buf.writeBytes((len + " ").getBytes(StandardCharsets.US_ASCII));
      buf.writeBytes(key);
      buf.write('=');
      buf.writeBytes(e.getValue());
      buf.write('\n');
    }
    return buf.toByteArray();
  }

  /** Like Go's archive/tar: DIR/PaxHeaders.0/BASE, cut to fit the ustar name field. */
  private static String paxEntryName(String name) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    int slash = trimmed.lastIndexOf('/');
    String dir = slash < 0 ? "" : trimmed.substring(0, slash + 1);
    String base = trimmed.substring(slash + 1);
    StringBuilder ascii = new StringBuilder();
    for (char c : (dir + "PaxHeaders.0/" + base).toCharArray()) {
      ascii.append(c < 0x80 && c >= 0x20 ? c : '_');
    }
    String s = ascii.toString();
    return s.length() > 100 ? s.substring(s.length() - 100) : s;
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0x20) {
        return false; // negative bytes (non-ASCII) and control characters
      }
    }
    return true;
  }

  private static byte[] ustarBlock(String name, char type, int mode, long uid, long gid,
      long size, long mtime, String linkName, int devMajor, int devMinor) {
    byte[] b = new byte[BLOCK];
    putString(b, 0, 100, name);
    putOctal(b, 100, 8, mode);
    putOctal(b, 108, 8, uid);
    putOctal(b, 116, 8, gid);
    putOctal(b, 124, 12, size);
    putOctal(b, 136, 12, mtime);
    Arrays.fill(b, 148, 156, (byte) ' ');
    b[156] = (byte) type;
    putString(b, 157, 100, linkName);
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, b, 257, 6);
    b[263] = '0';
    b[264] = '0';
    // uname (265) and gname (297) stay empty: owners are numeric
    if (type == TarEntryType.CHAR_DEVICE.flag() || type == TarEntryType.BLOCK_DEVICE.flag()) {
      putOctal(b, 329, 8, devMajor);
      putOctal(b, 337, 8, devMinor);
    }
    long sum = 0;
    for (byte x : b) {
      sum += x & 0xff;
    }
    byte[] chk = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(chk, 0, b, 148, 6);
    b[154] = 0;
    b[155] = ' ';
    return b;
  }

  /** Writes the ASCII-safe part of {@code s}; longer or non-ASCII values went into pax. */
  private static void putString(byte[] b, int off, int len, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(len, bytes.length);
    for (int i = 0; i < n; i++) {
      b[off + i] = bytes[i] < 0x20 ? (byte) '_' : bytes[i];
    }
  }

  private static void putOctal(byte[] b, int off, int len, long value) {
    String s = Long.toOctalString(value);
    int digits = len - 1;
    if (s.length() > digits) {
      throw new IllegalArgumentException("value " + value + " does not fit a tar field");
    }
    for (int i = 0; i < digits - s.length(); i++) {
      b[off + i] = '0';
    }
    System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, b, off + digits - s.length(),
        s.length());
    b[off + digits] = 0;
  }

  private void pad(long size) throws IOException {
    int rem = (int) (size % BLOCK);
    if (rem != 0) {
      out.write(new byte[BLOCK - rem]);
      bytesWritten += BLOCK - rem;
    }
  }

  /** Bytes written so far, headers and padding included. */
  public long bytesWritten() {
    return bytesWritten;
  }

  /** Writes the end-of-archive marker (two zero blocks) and closes the stream below. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    finish();
    out.close();
  }

  /** Writes the end-of-archive marker without closing the stream below. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    out.write(new byte[2 * BLOCK]);
    bytesWritten += 2 * BLOCK;
  }

  /** The content of a regular file was not as long as its header said. */
  public static final class ContentSizeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ContentSizeException(String message) {
      super(message);
    }
  }
}
