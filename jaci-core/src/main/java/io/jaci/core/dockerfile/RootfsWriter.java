package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.diff.Owner;
import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.io.IoMessages;
import io.jaci.core.run.RootfsPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes into a stage's rootfs as COPY and ADD do, never through a symlink to outside it: an
 * image path is resolved as after chroot ({@link RootfsPaths}), missing parent directories are
 * created (mode 0755, owned like the copied files), and an existing last component that is a
 * file or a symlink is replaced, not written through.
 *
 * <p>Owners are set only when jaci runs as root; a normal user's build gives the files of a
 * diff to root, as {@code jaci build} does.
 */
public final class RootfsWriter {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path rootfs;
  private final long uid;
  private final long gid;
  private final boolean setOwners;
  private final Map<String, Owner> owners = new TreeMap<>();

  private RootfsWriter(Path rootfs, long uid, long gid) {
    this.rootfs = rootfs.toAbsolutePath().normalize();
    this.uid = uid;
    this.gid = gid;
    this.setOwners = SpecialFiles.effectiveUid() == 0;
  }

  /**
   * The owners of what was written that the disk does not hold (a normal user cannot give
   * files away), by clean path below the rootfs, for {@code BegunDirectory.diff}.
   */
  public Map<String, Owner> owners() {
    return Collections.unmodifiableMap(owners);
  }

  /** A writer whose files and created directories belong to {@code uid:gid}. */
  public static RootfsWriter into(Path rootfs, long uid, long gid) {
    return new RootfsWriter(rootfs, uid, gid);
  }

  /** Whether {@code imagePath} is a directory (symlinks followed inside the rootfs). */
  public boolean isDirectory(String imagePath) throws JaciException {
    try {
      return Files.isDirectory(RootfsPaths.resolve(rootfs, imagePath), NOFOLLOW);
    } catch (IOException e) {
      throw new JaciException(imagePath + ": " + IoMessages.describe(e), e);
    }
  }

  /**
   * The host path of the directory {@code imagePath}, created with its missing parents.
   *
   * @param modeIfCreated the mode of the last component when it is created
   */
  public Path directory(String imagePath, int modeIfCreated) throws JaciException {
    try {
      Path resolved = RootfsPaths.resolve(rootfs, imagePath);
      Path cur = rootfs;
      Path rel = rootfs.relativize(resolved);
      int count = rel.toString().isEmpty() ? 0 : rel.getNameCount();
      for (int i = 0; i < count; i++) {
        cur = cur.resolve(rel.getName(i));
        if (!Files.exists(cur, NOFOLLOW)) {
          Files.createDirectory(cur);
          own(cur); // before the mode: chown clears set-id bits
          setMode(cur, i == count - 1 ? modeIfCreated : 0755);
        } else if (!Files.isDirectory(cur, NOFOLLOW)) {
          throw new JaciException(imagePath + ": /" + rootfs.relativize(cur)
              + " is not a directory in the image");
        }
      }
      return cur;
    } catch (IOException e) {
      throw new JaciException(imagePath + ": " + IoMessages.describe(e), e);
    }
  }

  /**
   * Lays down every item of {@code plan}.
   *
   * @param chmod what {@code --chmod} makes of each source's mode
   */
  public void write(CopyPlan plan, FileMode chmod) throws JaciException {
    Map<Object, Path> linked = new HashMap<>(); // hard links stay links, as BuildKit's copy
    for (CopyPlan.Item it : plan.items()) {
      int mode = chmod.apply(it.mode(), it.kind() == CopyPlan.Kind.DIRECTORY);
      if (it.kind() == CopyPlan.Kind.DIRECTORY) {
        directory(it.target(), mode);
        continue;
      }
      Path target = place(it.target());
      try {
        if (it.kind() == CopyPlan.Kind.SYMLINK) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(it.from()));
        } else {
          Object inode = hardLinked(it.from());
          Path first = inode == null ? null : linked.putIfAbsent(inode, target);
          if (first != null && Files.isRegularFile(first, NOFOLLOW)) {
            Files.createLink(target, first);
          } else {
            Files.copy(it.from(), target);
          }
          own(target);
          setMode(target, mode);
          Files.setLastModifiedTime(target, Files.getLastModifiedTime(it.from()));
          continue;
        }
        own(target);
      } catch (IOException e) {
        throw new JaciException(it.target() + ": " + IoMessages.describe(e), e);
      }
    }
  }

  /** The file key of a regular file with more than one link, else null. */
  private static Object hardLinked(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:nlink,fileKey", NOFOLLOW);
    return ((Integer) a.get("nlink")) > 1 ? a.get("fileKey") : null;
  }

  /**
   * Moves the file {@code from} (outside the rootfs, e.g. a download) to {@code imagePath}.
   */
  public void move(Path from, String imagePath, int mode, FileTime mtime) throws JaciException {
    Path target = place(imagePath);
    try {
      Files.move(from, target, StandardCopyOption.ATOMIC_MOVE);
      own(target);
      setMode(target, mode);
      if (mtime != null) {
        Files.setLastModifiedTime(target, mtime);
      }
    } catch (IOException e) {
      throw new JaciException(imagePath + ": " + IoMessages.describe(e), e);
    }
  }

  /** The host path for a new entry at {@code imagePath}: parents made, an old file gone. */
  private Path place(String imagePath) throws JaciException {
    int slash = imagePath.lastIndexOf('/');
    String name = imagePath.substring(slash + 1);
    if (name.isEmpty() || name.equals("..") || name.equals(".")) {
      throw new JaciException(imagePath + ": not a file name");
    }
    Path parent = directory(slash <= 0 ? "/" : imagePath.substring(0, slash), 0755);
    Path target = parent.resolve(name);
    try {
      if (Files.isDirectory(target, NOFOLLOW)) {
        throw new JaciException(imagePath + ": a directory in the image; a file cannot "
            + "replace it (end the destination with / to copy into it)");
      }
      Files.deleteIfExists(target);
    } catch (IOException e) {
      throw new JaciException(imagePath + ": " + IoMessages.describe(e), e);
    }
    return target;
  }

  private static void setMode(Path p, int mode) throws IOException {
    Files.setAttribute(p, "unix:mode", mode & 07777, NOFOLLOW);
  }

  private void own(Path p) throws IOException {
    if (setOwners) {
      Files.setAttribute(p, "unix:uid", (int) uid, NOFOLLOW);
      Files.setAttribute(p, "unix:gid", (int) gid, NOFOLLOW);
    } else if (uid != 0 || gid != 0) {
      owners.put(rootfs.relativize(p).toString(), new Owner(uid, gid));
    }
  }
}
