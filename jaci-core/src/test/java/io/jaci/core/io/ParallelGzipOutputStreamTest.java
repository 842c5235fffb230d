package io.jaci.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ParallelGzipOutputStreamTest {
  private static final int BLOCK = ParallelGzipOutputStream.BLOCK_SIZE;

  static byte[] text(int size, long seed) {
    Random r = new Random(seed);
    String[] words = {"container", "image", "rootfs", "manifest", "layer", "tar", "the", "of",
        "a", "dependency", "whitelist", "label", "arch", "linux", "amd64", "render"};
    StringBuilder b = new StringBuilder(size + 16);
    while (b.length() < size) {
      b.append(words[r.nextInt(words.length)]).append(r.nextInt(7) == 0 ? '\n' : ' ');
    }
    return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] gzip(byte[] data, int chunk) throws IOException {
    return gzip(data, chunk, Compression.DEFAULT_GZIP_LEVEL);
  }

  static byte[] gzip(byte[] data, int chunk, int level) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, level)) {
      for (int off = 0; off < data.length; off += chunk) {
        gz.write(data, off, Math.min(chunk, data.length - off));
      }
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, 32 * 1024, 128 * 1024 - 1, 128 * 1024, 128 * 1024 + 1,
      3 * 128 * 1024, 5_000_000})
  void roundTripsText_ofEverySizeAroundBlockBoundaries(int size) throws IOException {
    byte[] data = text(size, size);
    assertThat(gunzip(gzip(data, 8191))).isEqualTo(data);
  }

  @Test
  void roundTripsMixedRandomAndText_whereRandomBlocksAreStored() throws IOException {
    ByteArrayOutputStream mixed = new ByteArrayOutputStream();
    Random r = new Random(7);
    for (int i = 0; i < 6; i++) {
      byte[] noise = new byte[BLOCK + 1000 * i];
      r.nextBytes(noise);
      mixed.writeBytes(noise);
      mixed.writeBytes(text(BLOCK / 2 + 77 * i, i));
    }
    byte[] data = mixed.toByteArray();
    byte[] gz = gzip(data, 65536);
    assertThat(gunzip(gz)).isEqualTo(data);
    // stored random blocks cost 5 bytes per 64 KiB: the output is barely larger than the noise
    assertThat(gz.length).isLessThan(data.length);
  }

  @Test
  void isDeterministic_sameInputSameBytes() throws IOException {
    byte[] data = text(2_000_000, 3);
    assertThat(gzip(data, 1000)).isEqualTo(gzip(data, 100_000));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 6, 9})
  void compressesAboutAsWellAsOneSerialDeflateAtTheSameLevel(int level) throws IOException {
    byte[] data = text(4_000_000, 11);
    ByteArrayOutputStream serial = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(serial, new Deflater(level, true))) {
      d.write(data);
    }
    int parallel = gzip(data, 65536, level).length;
    assertThat((double) parallel).isLessThan(serial.size() * 1.01 + 18);
  }

  @Test
  void randomDataIsRecognisedAsIncompressible_textIsNot() {
    byte[] noise = new byte[BLOCK];
    new Random(1).nextBytes(noise);
    assertThat(ParallelGzipOutputStream.looksIncompressible(noise, noise.length)).isTrue();
    byte[] words = text(BLOCK, 1);
    assertThat(ParallelGzipOutputStream.looksIncompressible(words, words.length)).isFalse();
  }
}
