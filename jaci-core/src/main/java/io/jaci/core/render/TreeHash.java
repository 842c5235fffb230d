package io.jaci.core.render;

import io.jaci.core.fs.ScannedFile;
import io.jaci.core.fs.TreeScanner;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A SHA-512 over a directory tree's names, types, modes, owners, link targets, device
 * numbers, extended attributes and file checksums, in sorted order, leaving out mtimes
 * (which copying does not always keep and nothing depends on). It is there to notice damage
 * to a cached tree, not to resist an attacker (the image blobs the trees come from are
 * verified by SHA-512), so each file's content counts by its size and CRC-32C, which the
 * CPU computes several times faster than a SHA-512.
 */
final class TreeHash {
  private TreeHash() {}

  /** The hash of the tree at {@code root}, and whether any entry has extended attributes. */
  record Summary(String hash, boolean xattrs) {}

  static String of(Path root) throws IOException {
    return summarize(root).hash();
  }

  static Summary summarize(Path root) throws IOException {
    MessageDigest tree = sha512();
    boolean xattrs = false;
    CRC32C file = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 17);
    for (ScannedFile f : TreeScanner.scan(root, ".", w -> {}).files()) {
      TarHeader h = f.header();
      StringBuilder line = new StringBuilder()
          .append(h.name()).append('\0')
          .append(h.type().flag()).append(' ')
          .append(Integer.toOctalString(h.mode())).append(' ')
          .append(h.uid()).append(':').append(h.gid()).append(' ')
          .append(h.size()).append(' ')
          .append(h.linkName()).append('\0')
          .append(h.devMajor()).append(',').append(h.devMinor());
      xattrs |= !h.xattrs().isEmpty();
      for (Map.Entry<String, byte[]> x : h.xattrs().entrySet()) {
        line.append(' ').append(x.getKey()).append('=')
            .append(HexFormat.of().formatHex(x.getValue()));
      }
      if (h.type() == TarEntryType.REGULAR) {
        file.reset();
        try (FileChannel in = FileChannel.open(f.source(), StandardOpenOption.READ)) {
          // into a direct buffer, which the CRC reads where the kernel put the bytes
          for (int n = in.read(buf.clear()); n > 0; n = in.read(buf.clear())) {
            file.update(buf.flip());
          }
        }
        line.append(" crc32c:").append(Long.toHexString(file.getValue()));
      }
      tree.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }
    return new Summary("sha512-" + HexFormat.of().formatHex(tree.digest()), xattrs);
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
