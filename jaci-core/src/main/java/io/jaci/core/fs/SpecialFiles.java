package io.jaci.core.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Creates what Java cannot (FIFOs, device nodes, symlinks with any target), sets the times of a file without opening
 * it (opening a FIFO blocks, opening a device may act on it) and tells the effective user.
 */
public final class SpecialFiles {
  private static final int EEXIST = 17;
  private static final int EPERM = 1;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final long UTIME_OMIT = (1L << 30) - 2;

  private SpecialFiles() {}

  /** The effective user id of this process, or -1 where it cannot be known. */
  public static long effectiveUid() {
    return Libc.calls() == null ? -1 : Integer.toUnsignedLong(Libc.calls().geteuid());
  }

  /** The effective group id of this process, or -1 where it cannot be known. */
  public static long effectiveGid() {
    return Libc.calls() == null ? -1 : Integer.toUnsignedLong(Libc.calls().getegid());
  }

  /** Creates a FIFO; the umask applies to {@code mode}. */
  public static void mkfifo(Path path, int mode) throws IOException {
    try {
      libc().mkfifo(path.toString(), S_IFIFO | (mode & 07777));
    } catch (LastErrorException e) {
      throw failure(path, "cannot create FIFO", e);
    }
  }

  /**
   * Creates a symlink whose target is exactly {@code target}, which {@link Path} would
   * normalize (doubled and trailing slashes).
   */
  public static void symlink(String target, Path link) throws IOException {
    try {
      libc().symlink(target, link.toString());
    } catch (LastErrorException e) {
      throw failure(link, "cannot create symlink", e);
    }
  }

  /**
   * Creates a character or block device node.
   *
   * @return false when this process may not create device nodes (not root, or root in a user
   *     namespace)
   */
  public static boolean mknod(Path path, boolean block, int mode, int major, int minor)
      throws IOException {
    long dev = ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
        | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    try {
      libc().mknod(path.toString(), (block ? S_IFBLK : S_IFCHR) | (mode & 07777), dev);
      return true;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == EPERM) {
        return false;
      }
      throw failure(path, "cannot create device node", e);
    }
  }

  /** Sets the modification time without following a symlink and without opening the file. */
  public static void setMtime(Path path, long seconds) throws IOException {
    long[] times = {0, UTIME_OMIT, seconds, 0};
    try {
      libc().utimensat(AT_FDCWD, path.toString(), times, AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw failure(path, "cannot set the modification time", e);
    }
  }

  /**
   * Sets the access and modification times, to the nanosecond, without following a symlink
   * and without opening the file: one system call, where Java's {@code setTimes} opens the
   * file, sets them and closes it (three).
   */
  public static void setTimes(Path path, FileTime modified, FileTime accessed)
      throws IOException {
    if (Libc.calls() == null) {
      Files.getFileAttributeView(path, BasicFileAttributeView.class,
          LinkOption.NOFOLLOW_LINKS).setTimes(modified, accessed, null);
      return;
    }
    Instant m = modified.toInstant();
    Instant a = accessed.toInstant();
    long[] times = {a.getEpochSecond(), a.getNano(), m.getEpochSecond(), m.getNano()};
    try {
      if (Libc.PerEntry.loaded()) {
        Libc.PerEntry.utimensat(AT_FDCWD, Native.toByteArray(path.toString()), times,
            AT_SYMLINK_NOFOLLOW);
        return;
      }
      Libc.calls().utimensat(AT_FDCWD, path.toString(), times, AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw failure(path, "cannot set its times", e);
    }
  }

  private static Libc.Calls libc() throws IOException {
    if (Libc.calls() == null) {
      throw new IOException("the C library cannot be loaded on this platform");
    }
    return Libc.calls();
  }

  private static IOException failure(Path path, String what, LastErrorException e) {
    if (e.getErrorCode() == EEXIST) {
      return new FileAlreadyExistsException(path.toString());
    }
    return new IOException(path + ": " + what + " (errno " + e.getErrorCode() + ")");
  }
}
