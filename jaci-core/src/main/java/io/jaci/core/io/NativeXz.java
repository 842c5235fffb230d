package io.jaci.core.io;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import org.tukaani.xz.XZInputStream;

/**
 * xz decompression through the system's liblzma when it can be loaded (every Debian system
 * has it: dpkg needs it), else XZ for Java. liblzma decodes about twice as fast as XZ for
 * Java, and Debian packages are xz: from-debs spends most of its CPU here.
 */
public final class NativeXz {
  private NativeXz() {}

  /** The xz-compressed stream {@code in}, decompressed (concatenated xz streams too). */
  public static InputStream decompress(InputStream in) throws IOException {
    Lzma lzma = Holder.LZMA;
    return lzma != null ? new Decoder(lzma, in) : new XZInputStream(in);
  }

  /** Whether liblzma is in use. */
  public static boolean isNative() {
    return Holder.LZMA != null;
  }

  interface Lzma extends Library {
    int lzma_stream_decoder(Pointer strm, long memlimit, int flags);

    int lzma_code(Pointer strm, int action);

    void lzma_end(Pointer strm);
  }

  private static final class Holder {
    static final Lzma LZMA = load();

    private static Lzma load() {
      // the lzma_stream offsets below are those of LP64 systems (amd64, arm64, ...)
      if (Boolean.getBoolean("jaci.noNativeXz") || Native.POINTER_SIZE != 8
          || Native.SIZE_T_SIZE != 8) {
        return null;
      }
      try {
        return Native.load("lzma", Lzma.class);
      } catch (UnsatisfiedLinkError e) {
        return null;
      }
    }
  }

  private static final class Decoder extends InputStream {
    private static final int LZMA_RUN = 0;
    private static final int LZMA_FINISH = 3;
    private static final int LZMA_OK = 0;
    private static final int LZMA_STREAM_END = 1;
    private static final int LZMA_BUF_ERROR = 10;
    private static final int LZMA_CONCATENATED = 0x08;
    // offsets in lzma_stream (LP64)
    private static final int NEXT_IN = 0;
    private static final int AVAIL_IN = 8;
    private static final int NEXT_OUT = 24;
    private static final int AVAIL_OUT = 32;
    private static final int STREAM_SIZE = 136;
    private static final int IN_SIZE = 1 << 16;
    private static final int OUT_SIZE = 1 << 18;

    private final Lzma lzma;
    private final InputStream in;
    private final Memory strm = new Memory(STREAM_SIZE + 64);
    private final Memory inBuf = new Memory(IN_SIZE);
    private final Memory outBuf = new Memory(OUT_SIZE);
    private final byte[] staging = new byte[IN_SIZE];
    private boolean inputEnded;
    private boolean finished;
    private boolean ended;

    Decoder(Lzma lzma, InputStream in) throws IOException {
      this.lzma = lzma;
      this.in = in;
      strm.clear();
      int ret = lzma.lzma_stream_decoder(strm, -1L, LZMA_CONCATENATED);
      if (ret != LZMA_OK) {
        throw new IOException("liblzma could not start a decoder (error " + ret + ")");
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (finished) {
        return -1;
      }
      if (ended) {
        throw new IOException("stream closed");
      }
      int want = Math.min(len, OUT_SIZE);
      strm.setPointer(NEXT_OUT, outBuf);
      strm.setLong(AVAIL_OUT, want);
      while (strm.getLong(AVAIL_OUT) == want) {
        if (strm.getLong(AVAIL_IN) == 0 && !inputEnded) {
          int n = in.read(staging, 0, IN_SIZE);
          if (n < 0) {
            inputEnded = true;
          } else {
            inBuf.write(0, staging, 0, n);
            strm.setPointer(NEXT_IN, inBuf);
            strm.setLong(AVAIL_IN, n);
          }
        }
        int ret = lzma.lzma_code(strm, inputEnded ? LZMA_FINISH : LZMA_RUN);
        if (ret == LZMA_STREAM_END) {
          finished = true;
          break;
        }
        if (ret == LZMA_BUF_ERROR && inputEnded) {
          throw new java.io.EOFException("xz data ends early (truncated)");
        }
        if (ret != LZMA_OK) {
          throw new IOException(describe(ret));
        }
      }
      int produced = (int) (want - strm.getLong(AVAIL_OUT));
      if (produced == 0 && finished) {
        return -1;
      }
      outBuf.read(0, b, off, produced);
      return produced;
    }

    private static String describe(int ret) {
      switch (ret) {
        case 5:
          return "xz: out of memory";
        case 7:
          return "not xz data (bad format)";
        case 8:
          return "xz: unsupported options";
        case 9:
          return "corrupt xz data";
        default:
          return "xz decoding failed (liblzma error " + ret + ")";
      }
    }

    @Override
    public void close() throws IOException {
      if (!ended) {
        ended = true;
        lzma.lzma_end(strm);
      }
      in.close();
    }
  }
}
