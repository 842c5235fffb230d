package io.jaci.core.fs;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;

/**
 * Walks a directory tree in a fixed order (each directory before its children, children
 * sorted by the bytes of their UTF-8 names) and describes every file as a tar header: mode
 * with setuid/setgid/sticky bits, numeric owner, whole-second mtime, symlink target, device
 * numbers, extended attributes. A file seen again under another name (same device and
 * inode) becomes a hard link to the first name. Sockets cannot be archived and are skipped
 * with a warning.
 */
public final class TreeScanner {
  private static final String UNIX_ATTRIBUTES =
      "unix:mode,uid,gid,ino,dev,rdev,nlink,size,lastModifiedTime";
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFIFO = 0010000;

  private final Consumer<String> warnings;
  private final OwnerAccess access;
  private final Map<List<Long>, String> firstNameOfInode = new HashMap<>();
  private final List<ScannedFile> files = new ArrayList<>();
  private long contentBytes;

  private TreeScanner(Consumer<String> warnings, OwnerAccess access) {
    this.warnings = warnings;
    this.access = access;
  }

  /** What a scan found. */
  public record Result(List<ScannedFile> files, long contentBytes) {}

  /**
   * Scans {@code root} and names its entries {@code prefix} (e.g. {@code rootfs}) followed by
   * their path below it; the root itself is the first entry, named {@code prefix}.
   */
  public static Result scan(Path root, String prefix, Consumer<String> warnings)
      throws IOException {
    return scan(root, prefix, warnings, OwnerAccess.none());
  }

  /**
   * Scans as {@link #scan(Path, String, Consumer)} does, opening on the way what this
   * process owns but may not read ({@link OwnerAccess}); the headers keep the modes the
   * entries had. The caller reads the files, then restores {@code access}.
   */
  public static Result scan(Path root, String prefix, Consumer<String> warnings,
      OwnerAccess access) throws IOException {
    TreeScanner scanner = new TreeScanner(warnings, access);
    scanner.visit(root, prefix);
    return new Result(Collections.unmodifiableList(scanner.files), scanner.contentBytes);
  }

  private void visit(Path path, String name) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) a.get("mode");
    long uid = ((Integer) a.get("uid")) & 0xffffffffL;
    long gid = ((Integer) a.get("gid")) & 0xffffffffL;
    long mtime = Math.floorDiv(((FileTime) a.get("lastModifiedTime")).toMillis(), 1000);
    int format = mode & S_IFMT;
    if (format == S_IFSOCK) {
      warnings.accept("skipping socket " + name + ": sockets cannot be stored in an image");
      return;
    }
    access.open(path, mode, uid);
    SortedMap<String, byte[]> xattrs = Xattrs.read(path);
    TarEntryType type;
    long size = 0;
    String link = "";
    int major = 0;
    int minor = 0;
    switch (format) {
      case S_IFDIR:
        type = TarEntryType.DIRECTORY;
        break;
      case S_IFLNK:
        type = TarEntryType.SYMLINK;
        link = Files.readSymbolicLink(path).toString();
        break;
      case S_IFREG:
        type = TarEntryType.REGULAR;
        size = (Long) a.get("size");
        if (!Files.isReadable(path)) {
          throw new AccessDeniedException(path.toString(), null, "permission denied");
        }
        break;
      case S_IFCHR:
      case S_IFBLK:
        type = format == S_IFCHR ? TarEntryType.CHAR_DEVICE : TarEntryType.BLOCK_DEVICE;
        long rdev = (Long) a.get("rdev");
        major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
        minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
        break;
      case S_IFIFO:
        type = TarEntryType.FIFO;
        break;
      default:
        warnings.accept("skipping " + name + ": unknown file type " + Integer.toOctalString(format));
        return;
    }
    if (type != TarEntryType.DIRECTORY && (Integer) a.get("nlink") > 1) {
      List<Long> inode = List.of((Long) a.get("dev"), (Long) a.get("ino"));
      String first = firstNameOfInode.putIfAbsent(inode, name);
      if (first != null) {
        files.add(new ScannedFile(path, new TarHeader(name, TarEntryType.HARD_LINK,
            mode & 07777, uid, gid, 0, mtime, first, 0, 0, xattrs)));
        return;
      }
    }
    files.add(new ScannedFile(path, new TarHeader(name, type, mode & 07777, uid, gid, size,
        mtime, link, major, minor, xattrs)));
    contentBytes += size;
    if (type == TarEntryType.DIRECTORY) {
      for (String child : sortedChildren(path)) {
        visit(path.resolve(child), name + "/" + child);
      }
    }
  }

  private static List<String> sortedChildren(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        names.add(p.getFileName().toString());
      }
    }
    names.sort((x, y) -> Arrays.compareUnsigned(
        x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
    return names;
  }
}
