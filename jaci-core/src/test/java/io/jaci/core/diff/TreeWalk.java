package io.jaci.core.diff;

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
 * What {@code diff -r} and {@code stat} would compare, one line per path, read from the file
 * system: type, mode, owner, size, SHA-256 of the content, link target, device numbers,
 * mtime, user attributes and the other names of a hard-linked file.
 */
final class TreeWalk {
  private TreeWalk() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> lines = new TreeMap<>();
    Map<Object, TreeSet<String>> names = new java.util.HashMap<>();
    Map<String, Object> inodes = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String rel = "/" + root.relativize(p);
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        StringBuilder b = new StringBuilder(type(mode))
            .append(String.format(" %04o %s:%s", mode & 07777, a.get("uid"), a.get("gid")))
            .append(" mtime=").append(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)
                .toMillis() / 1000);
        switch (mode & 0170000) {
          case 0100000 -> {
            b.append(" size=").append(a.get("size")).append(" sha256=").append(sha256(p))
                .append(xattrs(p));
            if ((Integer) a.get("nlink") > 1) {
              names.computeIfAbsent(a.get("ino"), k -> new TreeSet<>()).add(rel);
              inodes.put(rel, a.get("ino"));
            }
          }
          case 0120000 -> b.append(" -> ").append(Files.readSymbolicLink(p));
          case 0020000, 0060000 -> b.append(" rdev=").append(a.get("rdev"));
          case 0040000 -> b.append(xattrs(p));
          default -> { }
        }
        lines.put(rel, b.toString());
      }
    }
    inodes.forEach((rel, ino) -> lines.put(rel, lines.get(rel) + " names=" + names.get(ino)));
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
