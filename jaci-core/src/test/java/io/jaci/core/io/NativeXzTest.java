package io.jaci.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class NativeXzTest {
  private static byte[] sample() {
    byte[] data = new byte[3_000_000];
    Random r = new Random(42);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i % 1000 < 700 ? 'a' + (i % 7) : r.nextInt());
    }
    return data;
  }

  private static byte[] xz(byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (XZOutputStream out = new XZOutputStream(b, new LZMA2Options(3))) {
      out.write(data);
    }
    return b.toByteArray();
  }

  @Test
  void decodesWhatXzForJavaEncodes_concatenatedStreamsToo() throws IOException {
    assertThat(NativeXz.isNative()).as("liblzma is on every Debian system").isTrue();
    byte[] data = sample();
    byte[] one = xz(data);
    try (InputStream in = NativeXz.decompress(new ByteArrayInputStream(one))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.writeBytes(one);
    two.writeBytes(xz("tail".getBytes()));
    try (InputStream in = NativeXz.decompress(new ByteArrayInputStream(two.toByteArray()))) {
      byte[] all = in.readAllBytes();
      assertThat(Arrays.copyOf(all, data.length)).isEqualTo(data);
      assertThat(new String(all, data.length, 4)).isEqualTo("tail");
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void truncatedAndForeignDataAreErrors() throws IOException {
    byte[] one = xz(sample());
    byte[] cut = Arrays.copyOf(one, one.length / 2);
    assertThatThrownBy(() -> NativeXz.decompress(new ByteArrayInputStream(cut)).readAllBytes())
        .isInstanceOf(java.io.EOFException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> NativeXz.decompress(
        new ByteArrayInputStream("not xz at all".getBytes())).readAllBytes())
        .hasMessageContaining("not xz data");
  }
}
