package io.jaci.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class CompressionTest {
  /** A minimal tar: one header block with the ustar magic at 257, then the end marker. */
  static byte[] tarLike() {
    byte[] b = new byte[2048];
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, b, 257, 6);
    b[0] = 'x';
    return b;
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void compressedDataIsDetectedByMagicAndDecompressed(Compression c) throws IOException {
    byte[] data = tarLike();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream out = c.compress(buf)) {
      out.write(data);
    }
    byte[] bytes = buf.toByteArray();
    assertThat(Compression.detect(bytes, bytes.length)).isEqualTo(c);
    try (InputStream in = Compression.decompressing(new ByteArrayInputStream(bytes))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  /** A slow pipe or socket: one byte a read, and nothing ever said to be available. */
  static InputStream trickling(byte[] data) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }

      @Override
      public synchronized int available() {
        return 0;
      }
    };
  }

  @Test
  void gzipOfManyMembers_isReadToTheEnd_evenFromAStreamThatNeverSaysBytesAreAvailable()
      throws IOException {
    ByteArrayOutputStream members = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int i = 0; i < 5; i++) {
      byte[] part = ("member " + i + "\n").repeat(1000 * i + 1).getBytes(StandardCharsets.UTF_8);
      expected.writeBytes(part);
      try (OutputStream gz = new java.util.zip.GZIPOutputStream(members)) {
        gz.write(part);
      } // closes only the wrapper's view: ByteArrayOutputStream ignores close
    }
    try (InputStream in = Compression.decompressing(trickling(members.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void textIsNoKnownFormat() {
    byte[] text = "{\"acKind\": \"ImageManifest\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Compression.decompressing(new ByteArrayInputStream(text)))
        .isInstanceOf(Compression.UnknownFormatException.class)
        .hasMessageContaining("not a tar archive");
  }

  @Test
  void emptyInputSaysSo() {
    assertThatThrownBy(() -> Compression.decompressing(new ByteArrayInputStream(new byte[0])))
        .hasMessage("the file is empty");
  }

  @Test
  void parseNamesTheChoicesOnABadName() {
    assertThat(Compression.parse("XZ")).isEqualTo(Compression.XZ);
    assertThatThrownBy(() -> Compression.parse("lz4"))
        .hasMessageContaining("lz4").hasMessageContaining("gzip, bzip2, xz");
  }
}
