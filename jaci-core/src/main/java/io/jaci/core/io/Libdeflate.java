package io.jaci.core.io;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Arrays;

/**
 * Whole-buffer gzip through the system's libdeflate (Debian's libdeflate0) when it can be
 * loaded. libdeflate deflates a buffer two to three times as fast as zlib for the same size,
 * but it has no dictionary and no sync flush: {@link ParallelGzipOutputStream} makes each
 * block a gzip member of its own with it. {@code JACI_DEFLATE=zlib} (or the system property
 * {@code jaci.deflate=zlib}) keeps zlib, to compare.
 */
final class Libdeflate {
  private Libdeflate() {}

  /** Whether libdeflate is loaded and not turned off. */
  static boolean available() {
    return Holder.LIB != null;
  }

  interface Lib extends Library {
    Pointer libdeflate_alloc_compressor(int level);

    long libdeflate_gzip_compress(Pointer compressor, byte[] in, long inSize, byte[] out,
        long outSize);

    long libdeflate_gzip_compress_bound(Pointer compressor, long inSize);

    void libdeflate_free_compressor(Pointer compressor);
  }

  private static final class Holder {
    static final Lib LIB = load();

    private static Lib load() {
      String choice = System.getProperty("jaci.deflate", System.getenv("JACI_DEFLATE"));
      // size_t is mapped to long: only where size_t is 64 bits wide
      if ("zlib".equals(choice) || Native.SIZE_T_SIZE != 8) {
        return null;
      }
      try {
        return Native.load("deflate", Lib.class);
      } catch (UnsatisfiedLinkError e) {
        return null;
      }
    }
  }

  /**
   * Per worker thread, one compressor per level (a compressor's level is fixed). The
   * compressors live as long as the pool's threads, which is as long as the process.
   */
  private static final ThreadLocal<Pointer[]> COMPRESSORS =
      ThreadLocal.withInitial(() -> new Pointer[13]);

  /** {@code data[0, length)} as one whole gzip member (mtime 0) at libdeflate's level 1-12. */
  static byte[] gzipMember(byte[] data, int length, int level) {
    Lib lib = Holder.LIB;
    Pointer[] byLevel = COMPRESSORS.get();
    Pointer compressor = byLevel[level];
    if (compressor == null) {
      compressor = lib.libdeflate_alloc_compressor(level);
      if (compressor == null) {
        throw new OutOfMemoryError("libdeflate could not allocate a compressor");
      }
      byLevel[level] = compressor;
    }
    long bound = lib.libdeflate_gzip_compress_bound(compressor, length);
    byte[] out = new byte[Math.toIntExact(bound)];
    long size = lib.libdeflate_gzip_compress(compressor, data, length, out, bound);
    if (size <= 0) {
      // cannot happen with a buffer of the bound's size
      throw new IllegalStateException("libdeflate: output buffer too small");
    }
    return Arrays.copyOf(out, (int) size);
  }
}
