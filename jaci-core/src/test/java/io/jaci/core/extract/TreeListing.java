package io.jaci.core.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Describes every file below a directory without following symlinks: type, mode, owner,
 * size, content digest, link target, mtime. Two listings are equal iff nothing changed.
 */
final class TreeListing {
  private TreeListing() {}

  static Map<String, String> of(Path root, Path excluded) throws IOException {
    Map<String, String> listing = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (excluded != null && p.startsWith(excluded)) {
          continue;
        }
        listing.put(root.relativize(p).toString(), describe(p));
      }
    }
    return listing;
  }

  static String describe(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime",
        LinkOption.NOFOLLOW_LINKS);
    StringBuilder s = new StringBuilder(String.format("mode=%o uid=%s gid=%s size=%s mtime=%s",
        a.get("mode"), a.get("uid"), a.get("gid"), a.get("size"), a.get("lastModifiedTime")));
    if (Files.isSymbolicLink(p)) {
      s.append(" -> ").append(Files.readSymbolicLink(p));
    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      s.append(" sha256=").append(sha256(Files.readAllBytes(p)));
    }
    return s.toString();
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
