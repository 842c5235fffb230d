package io.jaci.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One line per file of a tree, from the file system itself: type, mode (with setuid, setgid,
 * sticky), owner, size, content digest, link target, device numbers, hard-link partners, user
 * xattrs and mtime. Two trees are the same when their descriptions are equal.
 */
final class TreeDescription {
  private TreeDescription() {}

  static Map<String, String> of(Path root, boolean owners) throws IOException {
    Map<String, String> lines = new TreeMap<>();
    Map<Object, TreeSet<String>> byInode = new TreeMap<>();
    Map<String, Object> inodes = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = root.relativize(p).toString();
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        StringBuilder b = new StringBuilder();
        b.append(type(mode)).append(' ').append(String.format("%04o", mode & 07777));
        if (owners) {
          b.append(' ').append(a.get("uid")).append(':').append(a.get("gid"));
        }
        if (Files.isSymbolicLink(p)) {
          b.append(" -> ").append(Files.readSymbolicLink(p));
        } else {
          b.append(" mtime=").append(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)
              .toMillis() / 1000);
        }
        if (type(mode).endsWith("dev")) {
          long rdev = (Long) a.get("rdev");
          b.append(" rdev=").append(((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL))
              .append(',').append((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          b.append(" size=").append(a.get("size")).append(" sha256=").append(sha256(p));
          if ((Integer) a.get("nlink") > 1) {
            Object inode = a.get("ino");
            byInode.computeIfAbsent(inode, k -> new TreeSet<>()).add(rel);
            inodes.put(rel, inode);
          }
          b.append(xattrs(p));
        }
        lines.put(rel, b.toString());
      }
    }
    inodes.forEach((rel, inode) -> lines.put(rel, lines.get(rel) + " links=" + byInode.get(inode)));
    return lines;
  }

  private static String type(int mode) {
    return switch (mode & 0170000) {
      case 0100000 -> "file";
      case 0040000 -> "dir";
      case 0120000 -> "symlink";
      case 0010000 -> "fifo";
      case 0020000 -> "chardev";
      case 0060000 -> "blockdev";
      default -> "other";
    };
  }

  private static String xattrs(Path p) throws IOException {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
    if (view == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (String name : new TreeSet<>(view.list())) {
      ByteBuffer v = ByteBuffer.allocate(view.size(name));
      view.read(name, v);
      b.append(" user.").append(name).append('=').append(HexFormat.of().formatHex(v.array()));
    }
    return b.toString();
  }

  private static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
