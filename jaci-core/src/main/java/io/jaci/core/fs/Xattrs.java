package io.jaci.core.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads extended attributes of every namespace ({@code user.}, {@code security.},
 * {@code trusted.}) without following symlinks. Java's own attribute view sees only
 * {@code user.}, which would drop file capabilities such as {@code security.capability}.
 */
public final class Xattrs {
  private static final int ENODATA = 61;
  private static final int ERANGE = 34;
  private static final int ENOTSUP = 95;
  private static final int EPERM = 1;
  private static final int EACCES = 13;

  private Xattrs() {}

  /** Whether extended attributes can be read on this platform. */
  public static boolean supported() {
    return Libc.calls() != null;
  }

  /** The extended attributes of {@code path}, sorted by name; empty when there are none. */
  public static SortedMap<String, byte[]> read(Path path) throws IOException {
    Libc.Calls libc = Libc.calls();
    if (libc == null) {
      return Collections.emptySortedMap();
    }
    String p = path.toString();
    byte[] list = list(libc, p);
    if (list.length == 0) {
      return Collections.emptySortedMap();
    }
    SortedMap<String, byte[]> result = new TreeMap<>();
    int start = 0;
    for (int i = 0; i < list.length; i++) {
      if (list[i] == 0) {
        if (i > start) {
          String name = new String(list, start, i - start, StandardCharsets.UTF_8);
          byte[] value = get(libc, p, name);
          if (value != null) {
            result.put(name, value);
          }
        }
        start = i + 1;
      }
    }
    return result;
  }

  /** What became of an attribute that {@link #write} was asked to set. */
  public enum WriteOutcome {
    WRITTEN,
    /** The namespace needs privileges this process lacks ({@code security.}, {@code trusted.}). */
    NOT_PERMITTED,
    /** The file system, or this kind of file (user.* on a symlink), takes no such attribute. */
    NOT_SUPPORTED
  }

  /**
   * Sets the extended attribute {@code name} of {@code path} to the raw bytes {@code value},
   * without following a symlink at {@code path}. Lack of privilege or support is an outcome,
   * not an error, so that a rootless caller can report it and go on.
   */
  public static WriteOutcome write(Path path, String name, byte[] value) throws IOException {
    Libc.Calls libc = Libc.calls();
    if (libc == null) {
      return WriteOutcome.NOT_SUPPORTED;
    }
    try {
      libc.lsetxattr(path.toString(), name, value, new NativeLong(value.length), 0);
      return WriteOutcome.WRITTEN;
    } catch (LastErrorException e) {
      int errno = e.getErrorCode();
      if (errno == EPERM || errno == EACCES) {
        return WriteOutcome.NOT_PERMITTED;
      }
      if (errno == ENOTSUP) {
        return WriteOutcome.NOT_SUPPORTED;
      }
      throw new IOException(path + ": cannot set extended attribute " + name + " (errno "
          + errno + ")");
    }
  }

  private static byte[] list(Libc.Calls libc, String p) throws IOException {
    for (int attempt = 0; attempt < 4; attempt++) {
      try {
        long size = libc.llistxattr(p, null, new NativeLong(0)).longValue();
        if (size <= 0) {
          return new byte[0];
        }
        byte[] buf = new byte[(int) size];
        long n = libc.llistxattr(p, buf, new NativeLong(size)).longValue();
        return n == size ? buf : java.util.Arrays.copyOf(buf, (int) n);
      } catch (LastErrorException e) {
        int errno = e.getErrorCode();
        if (errno == ENOTSUP) {
          return new byte[0];
        }
        if (errno != ERANGE) {
          throw new IOException(p + ": cannot list extended attributes (errno " + errno + ")");
        }
      }
    }
    throw new IOException(p + ": extended attributes kept changing while being read");
  }

  private static byte[] get(Libc.Calls libc, String p, String name) throws IOException {
    for (int attempt = 0; attempt < 4; attempt++) {
      try {
        long size = libc.lgetxattr(p, name, null, new NativeLong(0)).longValue();
        byte[] buf = new byte[(int) Math.max(size, 0)];
        if (size == 0) {
          return buf;
        }
        long n = libc.lgetxattr(p, name, buf, new NativeLong(size)).longValue();
        return n == size ? buf : java.util.Arrays.copyOf(buf, (int) n);
      } catch (LastErrorException e) {
        int errno = e.getErrorCode();
        if (errno == ENODATA || errno == EPERM || errno == EACCES) {
          // gone meanwhile, or a namespace (trusted.*) this user may not read
          return null;
        }
        if (errno != ERANGE) {
          throw new IOException(p + ": cannot read extended attribute " + name
              + " (errno " + errno + ")");
        }
      }
    }
    throw new IOException(p + ": extended attribute " + name + " kept changing");
  }
}
