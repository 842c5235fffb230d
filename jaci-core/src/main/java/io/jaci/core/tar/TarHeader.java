package io.jaci.core.tar;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One tar entry's metadata as jaci writes it: numeric owners only (no user or group names,
 * which would tie the archive to the machine that built it), whole-second mtimes and
 * extended attributes as raw bytes.
 *
 * @param name the entry name, without a leading {@code /} or {@code ./}; directories need no
 *     trailing slash (the writer adds it)
 * @param type the entry type
 * @param mode permission bits including setuid, setgid and sticky ({@code 07777})
 * @param uid numeric owner
 * @param gid numeric group
 * @param size content size, non-zero only for regular files
 * @param mtime seconds since the epoch
 * @param linkName the target of a symlink or hard link, else empty
 * @param devMajor device major number for device entries
 * @param devMinor device minor number for device entries
 * @param xattrs extended attributes by full name (e.g. {@code security.capability})
 */
public record TarHeader(
    String name,
    TarEntryType type,
    int mode,
    long uid,
    long gid,
    long size,
    long mtime,
    String linkName,
    int devMajor,
    int devMinor,
    SortedMap<String, byte[]> xattrs) {

  public TarHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    linkName = linkName == null ? "" : linkName;
    xattrs = xattrs == null || xattrs.isEmpty()
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    if (size < 0 || uid < 0 || gid < 0) {
      throw new IllegalArgumentException("negative size or owner in tar entry " + name);
    }
    if (size != 0 && type != TarEntryType.REGULAR) {
      throw new IllegalArgumentException("only regular files have content: " + name);
    }
  }

  /** A copy with another name. */
  public TarHeader withName(String newName) {
    return new TarHeader(newName, type, mode, uid, gid, size, mtime, linkName, devMajor, devMinor,
        xattrs);
  }

  /** A copy with another content size (for a regular file). */
  public TarHeader withSize(long newSize) {
    return new TarHeader(name, type, mode, uid, gid, newSize, mtime, linkName, devMajor, devMinor,
        xattrs);
  }

  /** A copy owned by {@code uid}:{@code gid}. */
  public TarHeader withOwner(long newUid, long newGid) {
    return new TarHeader(name, type, mode, newUid, newGid, size, mtime, linkName, devMajor,
        devMinor, xattrs);
  }

  /** A copy with its mtime set to {@code seconds}. */
  public TarHeader withMtime(long seconds) {
    return new TarHeader(name, type, mode, uid, gid, size, seconds, linkName, devMajor, devMinor,
        xattrs);
  }
}
