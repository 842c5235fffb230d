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

  /**
   * The calls made once per entry of a tree, mapped directly (JNA's direct mapping: no
   * proxy and no conversion of the arguments in Java, a path passed as the bytes JNA would
   * make of it): about a third less CPU per call than through {@link Calls} in a fresh JVM
   * (20,000 calls, BENCHMARKS.md).
   */
  static final class PerEntry {
    private static final boolean LOADED = register();

    private PerEntry() {}

    private static boolean register() {
      try {
        Native.register(PerEntry.class, "c");
        return true;
      } catch (UnsatisfiedLinkError e) {
        return false;
      }
    }

    /** Whether these calls can be made here; else use {@link Calls}. */
    static boolean loaded() {
      return LOADED;
    }

    static native int utimensat(int dirfd, byte[] path, long[] times, int flags)
        throws LastErrorException;
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
