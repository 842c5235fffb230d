package io.jaci.core.rootfs;

import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import io.jaci.core.tar.TarWriter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Re-writes the entries of a root file system tarball below {@code rootfs/} of an image,
 * stream to stream, in the archive's own order (a stream cannot be sorted; the same archive
 * still gives the same bytes). Every entry keeps its type, mode (setuid, setgid, sticky),
 * numeric owner, mtime (clamped to {@code SOURCE_DATE_EPOCH} if given), link target, device
 * numbers and extended attributes; user and group names are dropped.
 *
 * <p>What a later extraction would trip over is refused here, with a message naming the
 * entry: names leaving the root, an entry below a symlink or a non-directory, a hard link to
 * a name not earlier in the archive or to a directory, and a name given twice (tar would
 * let the later win, which a stream already written cannot do; a directory repeated with
 * identical metadata is dropped instead). Missing parent directories are added, owned by
 * root with mode 0755 and the mtime of the entry that needed them.
 */
final class RootfsTarConverter {
  private static final String PREFIX = EntryPath.ROOTFS;

  private final TarWriter out;
  private final Long sourceDateEpoch;
  private final RootfsNames names = new RootfsNames();
  /** Every path written, below the root, with its type; directories with their header. */
  private final Map<String, TarEntryType> types = new HashMap<>();
  private final Map<String, TarHeader> directories = new HashMap<>();
  /** Parent directories added because the archive had none before their entries. */
  private final Set<String> added = new HashSet<>();
  private TarHeader pendingRoot;
  private boolean rootWritten;
  private long entries;
  private int named; // entries with a name below the root, counted up to two

  /** Thrown for an archive that cannot become an image; the message names the entry. */
  static final class RejectedEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedEntryException(String message) {
      super(message);
    }
  }

  RootfsTarConverter(TarWriter out, Long sourceDateEpoch) {
    this.out = out;
    this.sourceDateEpoch = sourceDateEpoch;
  }

  /** Converts every entry of {@code in}; returns how many entries were written. */
  long convert(TarReader in) throws IOException, RejectedEntryException {
    boolean any = false;
    for (TarEntry e = in.next(); e != null; e = in.next()) {
      any = true;
      convert(e, in);
    }
    if (!any) {
      throw new RejectedEntryException("the archive has no entries");
    }
    if (!rootWritten) {
      writeRoot(pendingRoot != null ? pendingRoot : rootHeader(0));
    }
    return entries;
  }

  private void convert(TarEntry e, TarReader in) throws IOException, RejectedEntryException {
    TarHeader h = e.header();
    String path;
    try {
      path = names.entryPath(h.name(), h.type() == TarEntryType.DIRECTORY);
    } catch (RootfsNames.BadNameException bad) {
      throw new RejectedEntryException(bad.getMessage());
    }
    h = clamp(h);
    if (path.isEmpty()) {
      root(h);
      return;
    }
    if (!rootWritten) {
      writeRoot(pendingRoot != null ? pendingRoot : rootHeader(h.mtime()));
    }
    if (named < 2 && ++named == 2 && path.equals("rootfs")
        && types.get("manifest") == TarEntryType.REGULAR && h.type() == TarEntryType.DIRECTORY) {
      throw new RejectedEntryException("this is an image (manifest and rootfs/ at the top), "
          + "not a root file system: import it with jaci image import");
    }
    TarEntryType existing = types.get(path);
    if (existing != null) {
      duplicate(path, h, existing);
      return;
    }
    parents(path, h.mtime());
    String linkName = h.linkName();
    if (h.type() == TarEntryType.HARD_LINK) {
      linkName = PREFIX + "/" + hardLinkTarget(path, h.linkName());
    }
    TarHeader written = new TarHeader(PREFIX + "/" + path, h.type(), h.mode(), h.uid(), h.gid(),
        h.size(), h.mtime(), linkName, h.devMajor(), h.devMinor(), h.xattrs());
    if (h.type() == TarEntryType.REGULAR && h.size() > 0) {
      out.write(written, in.content());
    } else {
      out.write(written);
    }
    record(path, written);
  }

  /** The archive's root ({@code ./}, or the wrapping {@code rootfs/}) becomes {@code rootfs}. */
  private void root(TarHeader h) throws RejectedEntryException {
    if (h.type() != TarEntryType.DIRECTORY) {
      throw new RejectedEntryException("entry " + EntryPath.quote(h.name())
          + " names the root file system itself but is not a directory");
    }
    if (rootWritten) {
      throw new RejectedEntryException("entry " + EntryPath.quote(h.name())
          + ": the root directory comes after entries inside it (jaci keeps the archive's "
          + "order: put the root first)");
    }
    // "./" followed by "./rootfs/" (a wrapped archive): the wrapper is the image's root
    pendingRoot = h.withName(PREFIX);
  }

  private void writeRoot(TarHeader h) throws IOException {
    out.write(h);
    rootWritten = true;
    types.put("", TarEntryType.DIRECTORY);
    directories.put("", h);
    entries++;
  }

  private TarHeader rootHeader(long mtime) {
    return new TarHeader(PREFIX, TarEntryType.DIRECTORY, 0755, 0, 0, 0, mtime, "", 0, 0, null);
  }

  private void duplicate(String path, TarHeader h, TarEntryType existing)
      throws RejectedEntryException {
    TarHeader before = directories.get(path);
    if (existing == TarEntryType.DIRECTORY && h.type() == TarEntryType.DIRECTORY
        && !added.contains(path) && sameDirectory(before, h)) {
      return; // extracting it again would change nothing
    }
    String where = "entry " + EntryPath.quote(h.name()) + ": ";
    if (added.contains(path)) {
      throw new RejectedEntryException(where + "the directory comes after entries inside it "
          + "(jaci converts the archive as a stream, in its order, and had to add \"/" + path
          + "\" as root's 0755 already: re-create the archive with directories first)");
    }
    throw new RejectedEntryException(where + "\"/" + path + "\" is in the archive twice (tar "
        + "would let the later entry win; jaci converts the archive as a stream and refuses "
        + "duplicates: remove one, e.g. with tar --delete, or convert the extracted tree)");
  }

  private static boolean sameDirectory(TarHeader a, TarHeader b) {
    return a != null && a.mode() == b.mode() && a.uid() == b.uid() && a.gid() == b.gid()
        && a.mtime() == b.mtime() && xattrsEqual(a, b);
  }

  private static boolean xattrsEqual(TarHeader a, TarHeader b) {
    if (!a.xattrs().keySet().equals(b.xattrs().keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> x : a.xattrs().entrySet()) {
      if (!Arrays.equals(x.getValue(), b.xattrs().get(x.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds missing parent directories, outermost first; refuses a parent that is not a
   * directory. A loop, not recursion: a name may have thousands of components.
   */
  private void parents(String path, long mtime) throws IOException, RejectedEntryException {
    Deque<String> missing = new ArrayDeque<>();
    String child = path;
    for (int slash = path.lastIndexOf('/'); slash >= 0; slash = path.lastIndexOf('/', slash - 1)) {
      String parent = path.substring(0, slash);
      TarEntryType type = types.get(parent);
      if (type == TarEntryType.DIRECTORY) {
        break; // the common case: its own parents were checked when it was written
      }
      if (type != null) {
        throw new RejectedEntryException("entry \"" + child + "\": its parent \"/" + parent
            + "\" is " + (type == TarEntryType.SYMLINK
                ? "a symbolic link (an image must not write through links)" : "not a directory"));
      }
      missing.push(parent);
      child = parent;
    }
    for (String parent : missing) {
      TarHeader header = new TarHeader(PREFIX + "/" + parent, TarEntryType.DIRECTORY, 0755, 0,
          0, 0, mtime, "", 0, 0, null);
      out.write(header);
      record(parent, header);
      added.add(parent);
    }
  }

  private String hardLinkTarget(String path, String rawTarget) throws RejectedEntryException {
    String target;
    try {
      target = names.linkTargetPath(rawTarget, path);
    } catch (RootfsNames.BadNameException bad) {
      throw new RejectedEntryException(bad.getMessage());
    }
    TarEntryType type = types.get(target);
    if (type == null || target.isEmpty()) {
      throw new RejectedEntryException("entry \"" + path + "\": hard link to "
          + EntryPath.quote(rawTarget) + ", which is not an earlier entry of the archive");
    }
    if (type == TarEntryType.DIRECTORY) {
      throw new RejectedEntryException("entry \"" + path + "\": hard link to the directory "
          + EntryPath.quote(rawTarget));
    }
    return target;
  }

  private void record(String path, TarHeader written) {
    types.put(path, written.type());
    if (written.type() == TarEntryType.DIRECTORY) {
      directories.put(path, written);
    }
    entries++;
  }

  private TarHeader clamp(TarHeader h) {
    return sourceDateEpoch != null && h.mtime() > sourceDateEpoch
        ? h.withMtime(sourceDateEpoch) : h;
  }
}
