package io.jaci.core.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.io.FileChannelInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TarReader#transferContent} (issue 14, render speed): from a file, the kernel copies
 * the contents; from any other stream they go through a buffer; both give the same files,
 * and a truncated archive is an error either way.
 */
class TarReaderTransferTest {
  @TempDir
  Path tmp;

  private static byte[] tar(byte[]... files) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(buf)) {
      for (int i = 0; i < files.length; i++) {
        TarArchiveEntry e = new TarArchiveEntry("f" + i);
        e.setSize(files[i].length);
        out.putArchiveEntry(e);
        out.write(files[i]);
        out.closeArchiveEntry();
      }
    }
    return buf.toByteArray();
  }

  private static byte[] content(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  /** Each file's content through transferContent, read from {@code file} or as a stream. */
  private byte[][] extract(byte[] tar, boolean fromFile, int files) throws Exception {
    Path archive = Files.write(tmp.resolve("a" + fromFile + ".tar"), tar);
    byte[][] got = new byte[files][];
    try (FileChannel ch = FileChannel.open(archive);
        TarReader r = new TarReader(fromFile ? new FileChannelInput(ch, ch.size())
            : new ByteArrayInputStream(tar))) {
      for (int i = 0; i < files; i++) {
        r.next();
        Path out = tmp.resolve(fromFile + "-" + i);
        try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
          assertThat(r.transferContent(o, new byte[4096])).isEqualTo(Files.size(out));
        }
        got[i] = Files.readAllBytes(out);
      }
      assertThat(r.next()).isNull();
    }
    return got;
  }

  @Test
  void fromAFileAndFromAStream_theSameContents() throws Exception {
    byte[][] files = {content(100_000, 1), new byte[0], content(513, 2), content(70_000, 3)};
    byte[] tar = tar(files);
    assertThat(extract(tar, true, files.length)).isDeepEqualTo(files);
    assertThat(extract(tar, false, files.length)).isDeepEqualTo(files);
  }

  @Test
  void aTruncatedContent_isAnError_fromAFileAndFromAStream() throws Exception {
    byte[] tar = Arrays.copyOf(tar(content(100_000, 1)), 512 + 60_000);
    for (boolean fromFile : new boolean[] {true, false}) {
      assertThatThrownBy(() -> extract(tar, fromFile, 1)).isInstanceOf(EOFException.class)
          .hasMessage("the archive ends inside an entry (truncated)");
    }
  }
}
