package io.jaci.core.diff;

import io.jaci.core.fs.ChangeStamp;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * One path of a begun tree as {@link BuildRecord} keeps it.
 *
 * @param image the file as the image has it, named by its clean path below the rootfs
 *     ({@code ""} for the root); a hard link's {@code linkName} is the path of its first name
 * @param sha512 hex SHA-512 of a regular file's content, else null
 * @param laidDown what {@code begin} could put on disk, where that is less than the image
 *     has (a normal user cannot give files away, create device nodes or set
 *     {@code security.} attributes)
 * @param stamp the regular file's {@link ChangeStamp} when {@code sha512} was known to be its
 *     content, or null: while the file keeps it, the hash stands without reading the file
 */
record RecordEntry(TarHeader image, String sha512, LaidDown laidDown, ChangeStamp stamp) {
  RecordEntry {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(laidDown, "laidDown");
  }

  RecordEntry(TarHeader image, String sha512, LaidDown laidDown) {
    this(image, sha512, laidDown, null);
  }

  /**
   * The file as it was on disk after {@code begin}.
   *
   * @param absent nothing was created (a device node without root)
   */
  record LaidDown(boolean absent, long uid, long gid, int mode,
      SortedMap<String, byte[]> xattrs) {
    /** Laid down exactly as {@code h} says. */
    static LaidDown as(TarHeader h) {
      return new LaidDown(false, h.uid(), h.gid(), h.mode(), h.xattrs());
    }

    /** Not laid down at all. */
    static LaidDown absent(TarHeader h) {
      return new LaidDown(true, h.uid(), h.gid(), h.mode(), h.xattrs());
    }
  }

  String path() {
    return image.name();
  }

  boolean isDirectory() {
    return image.type() == TarEntryType.DIRECTORY;
  }

  static boolean sameXattrs(Map<String, byte[]> a, Map<String, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : a.entrySet()) {
      if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
