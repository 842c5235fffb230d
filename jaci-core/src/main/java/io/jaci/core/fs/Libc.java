package io.jaci.core.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** The C library calls jaci makes through JNA, loaded once, on first use. */
final class Libc {
  private Libc() {}

  interface Calls extends Library {
    NativeLong llistxattr(String path, byte[] list, NativeLong size) throws LastErrorException;

    NativeLong lgetxattr(String path, String name, byte[] value, NativeLong size)
        throws LastErrorException;

    int lsetxattr(String path, String name, byte[] value, NativeLong size, int flags)
        throws LastErrorException;

    int mkfifo(String path, int mode) throws LastErrorException;

    int symlink(String target, String linkPath) throws LastErrorException;

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    int geteuid();

    int getegid();
  }

  private static final class Holder {
    static final Calls CALLS = load();

    private static Calls load() {
      try {
        return Native.load("c", Calls.class);
      } catch (UnsatisfiedLinkError e) {
        return null;
      }
    }
  }

  /** The calls, or {@code null} where no C library can be loaded. */
  static Calls calls() {
    return Holder.CALLS;
  }
}
