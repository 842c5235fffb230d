package io.jaci.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 8: bzip2 and zstd failures say what they are instead of passing the
 * libraries' raw text, a zstd window over the limit is not called corrupt, and a failure of
 * the stream below (a digest check, say) reaches the caller as it was.
 */
class DecoderErrorsTest {
  private static byte[] compressed(Compression c, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = c.compress(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static byte[] noise(int size) {
    byte[] b = new byte[size];
    new Random(8).nextBytes(b);
    return b;
  }

  private static void readAll(byte[] data) throws IOException {
    try (InputStream in = Compression.decompressing(new ByteArrayInputStream(data))) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  @Test
  void item8_bzip2WithABadBlockHeader_isCorruptBzip2Data() throws Exception {
    byte[] bz = compressed(Compression.BZIP2, noise(10_000));
    bz[5] ^= 0x55; // inside the block magic after "BZh9"
    assertThatThrownBy(() -> readAll(bz)).isInstanceOf(Compression.DamagedDataException.class)
        .hasMessageStartingWith("corrupt bzip2 data (");
  }

  @Test
  void item8_bzip2DamagedInItsBlock_isCorruptBzip2Data() throws Exception {
    byte[] bz = compressed(Compression.BZIP2, noise(10_000));
    bz[bz.length / 2] ^= 0x55;
    assertThatThrownBy(() -> readAll(bz)).isInstanceOf(Compression.DamagedDataException.class)
        .hasMessageStartingWith("corrupt bzip2 data (");
  }

  @Test
  void item8_bzip2CutShort_isTruncated() throws Exception {
    byte[] bz = compressed(Compression.BZIP2, noise(10_000));
    byte[] cut = Arrays.copyOf(bz, bz.length / 2);
    assertThatThrownBy(() -> readAll(cut)).isInstanceOf(Compression.DamagedDataException.class)
        .hasMessageStartingWith("truncated bzip2 data: the stream ends early");
  }

  @Test
  void item8_zstdFrameWithA2GiBWindow_needsMoreMemoryThanAllowed_notCorrupt() throws Exception {
    byte[] zst = compressed(Compression.ZSTD, noise(10_000));
    assertThat(zst[4] & 0x20).as("a frame with a window descriptor").isZero();
    zst[5] = (byte) 0xa8; // exponent 21: 2^31 bytes, as zstd --long=31 writes from a pipe
    assertThatThrownBy(() -> readAll(zst)).isInstanceOf(Compression.DamagedDataException.class)
        .hasMessage("the zstd data needs a window of 2048 MiB to decompress, more memory than"
            + " jaci allows (128 MiB); compress it again with a smaller window (zstd --long=27"
            + " or less)");
  }

  @Test
  void zstdDamaged_isCorruptZstdData() throws Exception {
    byte[] zst = compressed(Compression.ZSTD, new byte[100_000]);
    zst[zst.length - 6] ^= 0x55;
    assertThatThrownBy(() -> readAll(zst)).isInstanceOf(Compression.DamagedDataException.class)
        .hasMessageStartingWith("corrupt zstd data (");
  }

  @Test
  void aFailureOfTheStreamBelow_passesThroughUntouched() throws Exception {
    IOException mismatch = new IOException("blob sha256:x does not match its digest");
    for (Compression c : new Compression[] {Compression.BZIP2, Compression.ZSTD}) {
      byte[] data = compressed(c, noise(300_000));
      InputStream failing = new FilterInputStream(new ByteArrayInputStream(data)) {
        private int read;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (read > data.length / 2) {
            throw mismatch;
          }
          int n = super.read(b, off, Math.min(len, 4096));
          read += Math.max(n, 0);
          return n;
        }
      };
      assertThatThrownBy(() -> {
        try (InputStream in = Compression.decompressing(failing)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }).as(c.displayName()).isSameAs(mismatch);
    }
  }
}
