package io.jaci.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.spec.ImageId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored blob read for rendering (issue 14, render speed: contents are copied by the
 * kernel while another thread hashes the file): every way of reading gives the file's
 * bytes, and a blob that is not what its ID says fails when the end is read.
 */
class VerifiedBlobInputTest {
  @TempDir
  Path tmp;

  private final byte[] bytes = new byte[300_000];
  private Path blob;
  private ImageId id;

  private void writeBlob() throws Exception {
    new Random(14).nextBytes(bytes);
    blob = tmp.resolve("blob");
    Files.write(blob, bytes);
    id = ImageId.parse("sha512-" + HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-512").digest(bytes)));
  }

  @Test
  void readsSkipsAndKernelTransfers_giveTheFilesBytes_andAnIntactBlobChecksOut()
      throws Exception {
    writeBlob();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    Path copy = tmp.resolve("copy");
    try (VerifiedBlobInput in = VerifiedBlobInput.open(blob, id, bytes.length);
        FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
      byte[] b = new byte[100];
      assertThat(in.read(b)).isEqualTo(100);
      seen.write(b);
      seen.write(in.read());
      assertThat(in.skip(70_000)).isEqualTo(70_000); // past the stream's buffer
      assertThat(in.transferTo(100_000, out)).isEqualTo(100_000); // partly buffered
      assertThat(in.skip(10)).isEqualTo(10);
      seen.write(in.readAllBytes()); // reaches the end: the hash is checked
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(seen.toByteArray()).isEqualTo(concat(Arrays.copyOfRange(bytes, 0, 101),
        Arrays.copyOfRange(bytes, 170_111, bytes.length)));
    assertThat(Files.readAllBytes(copy)).isEqualTo(Arrays.copyOfRange(bytes, 70_101, 170_101));
  }

  @Test
  void damagedContent_failsTheLastRead_evenWhenSkippedOrCopiedByTheKernel() throws Exception {
    writeBlob();
    try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
      f.seek(200_000);
      f.write(bytes[200_000] ^ 1);
    }
    try (InputStream in = VerifiedBlobInput.open(blob, id, bytes.length)) {
      assertThat(in.skip(Long.MAX_VALUE)).isEqualTo(bytes.length);
      assertThatThrownBy(in::read).isInstanceOf(IOException.class)
          .hasMessageContaining("is damaged (its SHA-512 is sha512-")
          .hasMessageContaining("jaci image verify --repair");
    }
  }

  @Test
  void aBlobShorterOrLongerThanIndexed_isDamaged() throws Exception {
    writeBlob();
    try (InputStream in = VerifiedBlobInput.open(blob, id, bytes.length + 1L)) {
      assertThatThrownBy(in::readAllBytes)
          .hasMessageContaining("it has 300000 bytes, not the 300001 indexed");
    }
    try (InputStream in = VerifiedBlobInput.open(blob, id, bytes.length - 1L)) {
      assertThatThrownBy(in::readAllBytes)
          .hasMessageContaining("it is longer than the 299999 bytes indexed");
    }
  }

  @Test
  void aBlobWrittenInPlaceWhileItIsRead_fails_althoughItsBytesHashRight() throws Exception {
    writeBlob();
    try (InputStream in = VerifiedBlobInput.open(blob, id, bytes.length)) {
      in.readNBytes(1000);
      Thread.sleep(50); // past the granularity of the inode change time
      try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
        f.seek(10);
        f.write(bytes[10]); // the same byte: only the change time tells
      }
      assertThatThrownBy(in::readAllBytes).hasMessageContaining("changed while it was read");
    }
  }

  @Test
  void closedBeforeTheEnd_checksNothing_andStopsHashing() throws Exception {
    writeBlob();
    try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
      f.seek(0);
      f.write(bytes[0] ^ 1);
    }
    try (InputStream in = VerifiedBlobInput.open(blob, id, bytes.length)) {
      assertThat(in.readNBytes(10)).hasSize(10); // a reader that stops early fails nothing
    }
  }

  /** Issue 14, render speed: the blobs of a render's layers are hashed ahead of their reading. */
  @Test
  void aHashTakenAhead_checksTheBlob_andIsUsedOnce() throws Exception {
    writeBlob();
    BlobHashes ahead = BlobHashes.start(java.util.Map.of(id, blob));
    java.util.concurrent.CompletableFuture<BlobHashes.Hashed> hash = ahead.take(id).orElseThrow();
    assertThat(ahead.take(id)).as("used once: a second read hashes anew").isEmpty();
    try (InputStream in = VerifiedBlobInput.open(blob, id, bytes.length, hash)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }

  @Test
  void aHashTakenAhead_ofADamagedBlob_failsTheLastRead() throws Exception {
    writeBlob();
    try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
      f.seek(299_999);
      f.write(bytes[299_999] ^ 1);
    }
    BlobHashes ahead = BlobHashes.start(java.util.Map.of(id, blob));
    try (InputStream in = VerifiedBlobInput.open(blob, id, bytes.length,
        ahead.take(id).orElseThrow())) {
      assertThatThrownBy(in::readAllBytes).hasMessageContaining("is damaged (its SHA-512 is");
    }
  }

  @Test
  void aHashTakenAhead_ofAFileReplacedSince_isNotTakenForTheFileRead() throws Exception {
    writeBlob();
    BlobHashes ahead = BlobHashes.start(java.util.Map.of(id, blob));
    java.util.concurrent.CompletableFuture<BlobHashes.Hashed> hash = ahead.take(id).orElseThrow();
    hash.join(); // the right bytes were hashed; then the blob is replaced by other bytes
    byte[] other = bytes.clone();
    other[5] ^= 1;
    Path replacement = tmp.resolve("replacement");
    Files.write(replacement, other);
    Files.move(replacement, blob, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (InputStream in = VerifiedBlobInput.open(blob, id, bytes.length, hash)) {
      assertThatThrownBy(in::readAllBytes).hasMessageContaining("changed while it was read");
    }
  }

  @Test
  void stoppedHashesAhead_dropOnlyWhatNoReaderTook() throws Exception {
    writeBlob();
    java.util.Map<ImageId, Path> blobs = new java.util.LinkedHashMap<>();
    blobs.put(id, blob);
    for (int i = 0; i < 20; i++) { // other blobs before the last one: time to stop meanwhile
      Path b = tmp.resolve("other" + i);
      Files.write(b, new byte[1 << 20]);
      blobs.put(ImageId.parse("sha512-" + String.format("%0128x", i + 1)), b);
    }
    Path last = tmp.resolve("last");
    Files.write(last, bytes);
    ImageId lastId = ImageId.parse("sha512-" + "f".repeat(128));
    blobs.put(lastId, last);
    BlobHashes ahead = BlobHashes.start(blobs);
    java.util.concurrent.CompletableFuture<BlobHashes.Hashed> taken = ahead.take(lastId)
        .orElseThrow();
    ahead.stop();
    assertThat(taken.get(30, java.util.concurrent.TimeUnit.SECONDS).size())
        .as("a taken hash is finished after a stop (its reader waits for it)")
        .isEqualTo(bytes.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
