package io.jaci.core.diff;

import io.jaci.core.extract.LayeredEntries;
import io.jaci.core.fs.ChangeStamp;
import io.jaci.core.fs.ScannedFile;
import io.jaci.core.spec.ImageId;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes the record of a render: the tree on disk says what is there and how it is linked;
 * the layers' entries ({@link LayeredEntries}) say what each file should be where the disk
 * cannot (owners, device nodes, {@code security.} attributes without root) and give the
 * content hashes taken while the layers were read.
 */
final class RecordMaker {
  private RecordMaker() {}

  /**
   * @param scanned the rendered rootfs scanned with the prefix {@code rootfs}
   * @param privileged whether the render ran as root (then directories the extractor made
   *     keep their owner; otherwise they are root's, as a render by root would make them)
   * @param stampTime {@link ChangeStamp#now()} taken before the scan
   */
  static BuildRecord make(ImageId base, List<ScannedFile> scanned, LayeredEntries layered,
      boolean privileged, long stampTime) throws IOException {
    Map<String, RecordEntry> entries = new TreeMap<>(PathOrder.INSTANCE);
    Set<String> onDisk = new HashSet<>();
    for (ScannedFile f : scanned) {
      TarHeader disk = f.header();
      String rel = EntryPath.belowRootfs(disk.name());
      onDisk.add(rel);
      String link = disk.type() == TarEntryType.HARD_LINK
          ? EntryPath.belowRootfs(disk.linkName()) : disk.linkName();
      LayeredEntries.Laid laid = layered.get(rel).orElse(null);
      TarHeader meant = laid == null ? null : laid.header();
      TarHeader image;
      String sha = null;
      if (meant != null && sameKind(meant.type(), disk.type())) {
        image = new TarHeader(rel, disk.type(), meant.mode(), meant.uid(), meant.gid(),
            disk.size(), disk.mtime(), link, disk.devMajor(), disk.devMinor(), meant.xattrs());
        sha = disk.type() == TarEntryType.REGULAR ? laid.sha512() : null;
      } else {
        long uid = privileged ? disk.uid() : 0;
        long gid = privileged ? disk.gid() : 0;
        image = new TarHeader(rel, disk.type(), disk.mode(), uid, gid, disk.size(),
            disk.mtime(), link, disk.devMajor(), disk.devMinor(), disk.xattrs());
      }
      ChangeStamp stamp = null;
      if (image.type() == TarEntryType.REGULAR) {
        stamp = ChangeStamp.readAt(f.source(), stampTime); // before the content is read
        sha = sha == null ? ContentHash.of(f.source()) : sha;
      }
      entries.put(rel, new RecordEntry(image, sha, RecordEntry.LaidDown.as(disk), stamp));
    }
    for (Map.Entry<String, LayeredEntries.Laid> e : layered.all().entrySet()) {
      TarHeader h = e.getValue().header();
      boolean device = h != null && (h.type() == TarEntryType.CHAR_DEVICE
          || h.type() == TarEntryType.BLOCK_DEVICE);
      if (device && !onDisk.contains(e.getKey()) && onDisk.contains(parent(e.getKey()))) {
        entries.put(e.getKey(), new RecordEntry(h, null, RecordEntry.LaidDown.absent(h)));
      }
    }
    return new BuildRecord(base, new LinkedHashMap<>(entries));
  }

  /** A second name of a file is a hard link on disk; its layer entry is the file's. */
  private static boolean sameKind(TarEntryType meant, TarEntryType disk) {
    return meant == disk || (disk == TarEntryType.HARD_LINK && meant == TarEntryType.REGULAR);
  }

  static String parent(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }
}
