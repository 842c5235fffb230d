package io.jaci.core.tar;

import io.jaci.core.io.FileChannelInput;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads ustar, pax and GNU tar streams entry by entry. Unlike general-purpose readers it keeps
 * extended attribute values as raw bytes and each entry's raw header blocks (for byte-exact
 * copies), and it bounds what a hostile archive can make it hold in memory: extended headers
 * are limited to {@value #MAX_EXTENDED_HEADER} bytes.
 */
public final class TarReader implements AutoCloseable {
  static final int MAX_EXTENDED_HEADER = 1 << 20;
  private static final int BLOCK = TarWriter.BLOCK;

  private final InputStream in;
  private final byte[] block = new byte[BLOCK];
  private final byte[] skipBuffer = new byte[1 << 16];
  private long position;
  private long remaining;
  private long padding;
  private boolean atEnd;
  private final Map<String, byte[]> globalPax = new HashMap<>();

  public TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, or {@code null} at the end of the archive. Skips unread content. */
  public TarEntry next() throws IOException {
    if (atEnd) {
      return null;
    }
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    long offset = position;
    ByteArrayOutputStream raw = new ByteArrayOutputStream(BLOCK);
    Map<String, byte[]> pax = new HashMap<>(globalPax);
    String gnuLongName = null;
    String gnuLongLink = null;
    while (true) {
      if (!readBlock(offset == position)) {
        atEnd = true;
        return null;
      }
      if (isZero(block)) {
        atEnd = true;
        if (raw.size() > 0) {
          throw new TarFormatException("extended header at offset " + offset
              + " is followed by the end of the archive");
        }
        return null;
      }
      checkChecksum(position - BLOCK);
      raw.write(block, 0, BLOCK);
      char type = (char) block[156];
      long size = parseNumber(block, 124, 12, "size");
      switch (type) {
        case 'x':
        case 'g': {
          byte[] data = readExtended(size, raw);
          Map<String, byte[]> records = parsePax(data, position);
          if (type == 'g') {
            globalPax.putAll(records);
          }
          pax.putAll(records);
          continue;
        }
        case 'L':
          gnuLongName = cString(readExtended(size, raw));
          continue;
        case 'K':
          gnuLongLink = cString(readExtended(size, raw));
          continue;
        default:
          return entry(type, size, pax, gnuLongName, gnuLongLink, raw.toByteArray(), offset);
      }
    }
  }

  private TarEntry entry(char flag, long headerSize, Map<String, byte[]> pax, String longName,
      String longLink, byte[] raw, long offset) throws IOException {
    TarEntryType type = switch (flag) {
      case '0', '\0', '7' -> TarEntryType.REGULAR;
      case '1' -> TarEntryType.HARD_LINK;
      case '2' -> TarEntryType.SYMLINK;
      case '3' -> TarEntryType.CHAR_DEVICE;
      case '4' -> TarEntryType.BLOCK_DEVICE;
      case '5' -> TarEntryType.DIRECTORY;
      case '6' -> TarEntryType.FIFO;
      case 'S' -> throw sparse(offset);
      default -> throw new TarFormatException("entry at offset " + offset
          + " has the unsupported type '" + printable(flag) + "'");
    };
    for (String key : pax.keySet()) {
      if (key.startsWith("GNU.sparse.")) {
        // its data is a sparse map and fragments, not the file: copying it would be wrong
        throw sparse(offset);
      }
    }
    String name = longName != null ? longName : ustarName(block);
    if (pax.containsKey("path")) {
      name = utf8(pax.get("path"));
    }
    String link = longLink != null ? longLink : cString(Arrays.copyOfRange(block, 157, 257));
    if (pax.containsKey("linkpath")) {
      link = utf8(pax.get("linkpath"));
    }
    long size = pax.containsKey("size") ? paxLong(pax, "size", offset) : headerSize;
    long uid = pax.containsKey("uid") ? paxLong(pax, "uid", offset) : parseNumber(block, 108, 8, "uid");
    long gid = pax.containsKey("gid") ? paxLong(pax, "gid", offset) : parseNumber(block, 116, 8, "gid");
    long mtime = pax.containsKey("mtime") ? paxSeconds(pax.get("mtime"), offset)
        : parseNumber(block, 136, 12, "mtime");
    int mode = (int) (parseNumber(block, 100, 8, "mode") & 07777);
    int major = 0;
    int minor = 0;
    if (type == TarEntryType.CHAR_DEVICE || type == TarEntryType.BLOCK_DEVICE) {
      major = (int) parseNumber(block, 329, 8, "devmajor");
      minor = (int) parseNumber(block, 337, 8, "devminor");
    }
    TreeMap<String, byte[]> xattrs = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : pax.entrySet()) {
      if (e.getKey().startsWith("SCHILY.xattr.")) {
        xattrs.put(e.getKey().substring("SCHILY.xattr.".length()), e.getValue());
      } else if (e.getKey().startsWith("LIBARCHIVE.xattr.")) {
        try {
          xattrs.putIfAbsent(e.getKey().substring("LIBARCHIVE.xattr.".length()),
              Base64.getDecoder().decode(e.getValue()));
        } catch (IllegalArgumentException bad) {
          throw new TarFormatException("bad base64 in " + e.getKey() + " at offset " + offset);
        }
      }
    }
    remaining = size;
    padding = (BLOCK - size % BLOCK) % BLOCK;
    long contentSize = type == TarEntryType.REGULAR ? size : 0;
    if (type != TarEntryType.REGULAR) {
      // content of non-files (rare, e.g. hard links with data) is skipped, not exposed
      padding += remaining;
      remaining = 0;
    }
    return new TarEntry(new TarHeader(name, type, mode, uid, gid, contentSize, mtime, link, major,
        minor, xattrs), raw, offset, size);
  }

  private static TarFormatException sparse(long offset) {
    return new TarFormatException("entry at offset " + offset + " is a GNU sparse file, which "
        + "jaci does not read: create the archive without --sparse");
  }

  /** The current entry's content; reads end at its last byte. */
  public InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw new EOFException("the archive ends inside an entry (truncated)");
        }
        remaining -= n;
        position += n;
        return n;
      }
    };
  }

  /**
   * Writes the rest of the current entry's content to {@code out}, through the kernel when
   * the archive is read from a {@link FileChannelInput} (no copy through Java), else through
   * {@code buffer}; returns how many bytes it wrote.
   *
   * @throws EOFException when the archive ends inside the content
   */
  public long transferContent(FileChannel out, byte[] buffer) throws IOException {
    long done = 0;
    if (in instanceof FileChannelInput file) {
      long n = file.transferTo(remaining, out);
      remaining -= n;
      position += n;
      done = n;
    } else {
      InputStream content = content();
      for (int n = content.read(buffer); n > 0; n = content.read(buffer)) {
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
        while (b.hasRemaining()) {
          out.write(b);
        }
        done += n;
      }
    }
    if (remaining > 0) {
      throw new EOFException("the archive ends inside an entry (truncated)");
    }
    return done;
  }

  /** Bytes of the tar stream consumed so far. */
  public long position() {
    return position;
  }

  private byte[] readExtended(long size, ByteArrayOutputStream raw) throws IOException {
    if (size > MAX_EXTENDED_HEADER) {
      throw new TarFormatException("extended header at offset " + (position - BLOCK) + " is "
          + size + " bytes, over the limit of " + MAX_EXTENDED_HEADER);
    }
    int padded = (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
    byte[] data = new byte[padded];
    readFully(data, padded);
    raw.write(data, 0, padded);
    return Arrays.copyOf(data, (int) size);
  }

  private boolean readBlock(boolean endAllowed) throws IOException {
    int n = in.readNBytes(block, 0, BLOCK);
    position += n;
    if (n == 0 && endAllowed) {
      return false; // no end-of-archive marker: tolerated, as GNU tar does
    }
    if (n < BLOCK) {
      throw new EOFException("the archive ends inside a header (truncated)");
    }
    return true;
  }

  private void readFully(byte[] b, int len) throws IOException {
    int n = in.readNBytes(b, 0, len);
    position += n;
    if (n < len) {
      throw new EOFException("the archive ends inside an entry (truncated)");
    }
  }

  private void skip(long count) throws IOException {
    if (in instanceof FileChannelInput file && count > 0) {
      long n = file.skip(count); // without reading
      count -= n;
      position += n;
    }
    while (count > 0) {
      int n = in.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, count));
      if (n < 0) {
        throw new EOFException("the archive ends inside an entry (truncated)");
      }
      count -= n;
      position += n;
    }
  }

  private void checkChecksum(long at) throws TarFormatException {
    long stored;
    try {
      stored = parseNumber(block, 148, 8, "checksum");
    } catch (TarFormatException e) {
      throw new TarFormatException("not a tar archive: bad header at offset " + at);
    }
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = (i >= 148 && i < 156) ? ' ' : block[i];
      unsigned += b & 0xff;
      signed += (byte) b;
    }
    if (stored != unsigned && stored != signed) {
      throw new TarFormatException("not a tar archive, or corrupt: bad header checksum at offset "
          + at);
    }
  }

  static long parseNumber(byte[] b, int off, int len, String field) throws TarFormatException {
    if ((b[off] & 0x80) != 0) {
      // base-256 (GNU): big-endian two's complement in the remaining bytes
      long v = b[off] & 0x3f;
      if ((b[off] & 0x40) != 0) {
        throw new TarFormatException("negative " + field + " in tar header");
      }
      for (int i = 1; i < len; i++) {
        if ((v >>> 55) != 0) {
          throw new TarFormatException(field + " too large in tar header");
        }
        v = (v << 8) | (b[off + i] & 0xff);
      }
      return v;
    }
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && (b[i] == ' ' || b[i] == 0)) {
      i++;
    }
    for (; i < end && b[i] != 0 && b[i] != ' '; i++) {
      if (b[i] < '0' || b[i] > '7') {
        throw new TarFormatException("bad octal " + field + " in tar header");
      }
      v = (v << 3) | (b[i] - '0');
    }
    return v;
  }

  private static String ustarName(byte[] b) {
    String name = cString(Arrays.copyOfRange(b, 0, 100));
    boolean posix = b[257] == 'u' && b[258] == 's' && b[259] == 't' && b[260] == 'a'
        && b[261] == 'r' && b[262] == 0;
    if (posix && b[345] != 0) {
      name = cString(Arrays.copyOfRange(b, 345, 500)) + "/" + name;
    }
    return name;
  }

  private static String cString(byte[] b) {
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> parsePax(byte[] data, long at) throws TarFormatException {
    Map<String, byte[]> records = new HashMap<>();
    int i = 0;
    while (i < data.length) {
      int space = i;
      while (space < data.length && data[space] >= '0' && data[space] <= '9') {
        space++;
      }
      if (space == i || space >= data.length || data[space] != ' ' || space - i > 9) {
        throw new TarFormatException("malformed pax header near offset " + at);
      }
      int len = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
      int end = i + len;
      if (len <= space - i + 1 || end > data.length || data[end - 1] != '\n') {
        throw new TarFormatException("malformed pax record near offset " + at);
      }
      int eq = space + 1;
      while (eq < end && data[eq] != '=') {
        eq++;
      }
      if (eq >= end) {
        throw new TarFormatException("malformed pax record near offset " + at);
      }
      String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
      records.put(key, Arrays.copyOfRange(data, eq + 1, end - 1));
      i = end;
    }
    return records;
  }

  private static long paxLong(Map<String, byte[]> pax, String key, long at)
      throws TarFormatException {
    try {
      long v = Long.parseLong(utf8(pax.get(key)));
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new TarFormatException("bad pax " + key + " \"" + utf8(pax.get(key))
          + "\" at offset " + at);
    }
  }

  private static long paxSeconds(byte[] value, long at) throws TarFormatException {
    String s = utf8(value);
    int dot = s.indexOf('.');
    try {
      return Long.parseLong(dot < 0 ? s : s.substring(0, dot));
    } catch (NumberFormatException e) {
      throw new TarFormatException("bad pax mtime \"" + s + "\" at offset " + at);
    }
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
