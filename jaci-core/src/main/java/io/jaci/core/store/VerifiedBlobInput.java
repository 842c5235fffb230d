package io.jaci.core.store;

import io.jaci.core.io.FileChannelInput;
import io.jaci.core.spec.ImageId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A stored blob, read through {@link FileChannelInput} (so that an extraction can let the
 * kernel copy file contents) while a thread of its own hashes the same open file, and
 * checked against the image ID when a read reaches the end (like umoci's {@code
 * VerifiedReadCloser}): a damaged blob fails its last read. The hashing reads the file
 * apart from the stream, on another core, without copying it into the heap.
 *
 * <p>Both read the same open file; a blob changed in place while it is read (its inode
 * change time moved) fails too, since what was hashed may then not be what was read. Its
 * hash may also have been taken ahead ({@link BlobHashes}), of the same unchanged file: the
 * same inode, with the same change time from the hash's open to this read's end.
 */
final class VerifiedBlobInput extends FileChannelInput {
  private static final String STAMP = BlobHashes.STAMP;

  private final Path blob;
  private final ImageId id;
  private final long expectedSize;
  private final long actualSize;
  private final Map<String, Object> stampAtOpen;
  private final CompletableFuture<BlobHashes.Hashed> digest;
  private volatile boolean closed;

  private VerifiedBlobInput(FileChannel channel, long actualSize, Path blob, ImageId id,
      long expectedSize, Map<String, Object> stamp,
      CompletableFuture<BlobHashes.Hashed> digest) {
    super(channel, actualSize);
    this.digest = digest;
    this.blob = blob;
    this.id = id;
    this.expectedSize = expectedSize;
    this.actualSize = actualSize;
    this.stampAtOpen = stamp;
  }

  /** Opens the blob at {@code blob} of image {@code id}, indexed with {@code size} bytes. */
  static VerifiedBlobInput open(Path blob, ImageId id, long size) throws IOException {
    return open(blob, id, size, null);
  }

  /**
   * As above, with the blob's hash taken ahead ({@code ahead}), or, when null, by a thread of
   * its own that reads the same open file.
   */
  static VerifiedBlobInput open(Path blob, ImageId id, long size,
      CompletableFuture<BlobHashes.Hashed> ahead) throws IOException {
    Map<String, Object> stamp = Files.readAttributes(blob, STAMP);
    FileChannel channel = FileChannel.open(blob, StandardOpenOption.READ);
    VerifiedBlobInput in;
    try {
      in = new VerifiedBlobInput(channel, channel.size(), blob, id, size, stamp,
          ahead != null ? ahead : new CompletableFuture<>());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (ahead == null) {
      Thread hasher = new Thread(in::hash, "jaci-verify");
      hasher.setDaemon(true);
      hasher.start();
    }
    return in;
  }

  /** The hashing thread: the whole file, at positions of its own. */
  private void hash() {
    try {
      digest.complete(new BlobHashes.Hashed(BlobHashes.sha512(channel(), actualSize,
          () -> closed), actualSize, stampAtOpen));
    } catch (IOException | RuntimeException e) {
      digest.completeExceptionally(e);
    }
  }

  @Override
  protected void endReached() throws IOException {
    if (actualSize > expectedSize) {
      throw damaged("it is longer than the " + expectedSize + " bytes indexed");
    }
    if (actualSize != expectedSize) {
      throw damaged("it has " + actualSize + " bytes, not the " + expectedSize + " indexed");
    }
    BlobHashes.Hashed hashed;
    try {
      hashed = digest.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while checking " + id);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    Map<String, Object> now = Files.readAttributes(blob, STAMP);
    boolean hashedWhatWasRead = hashed.size() == actualSize
        && hashed.stamp().equals(stampAtOpen);
    if (!hashedWhatWasRead || (now.get("ino").equals(stampAtOpen.get("ino"))
        && !now.get("ctime").equals(stampAtOpen.get("ctime")))) {
      throw damaged("it was changed while it was read");
    }
    String hex = HexFormat.of().formatHex(hashed.sha512());
    if (!hex.equals(id.hex())) {
      throw damaged("its SHA-512 is sha512-" + hex.substring(0, 12) + "...");
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    super.close();
  }

  private IOException damaged(String why) {
    return new IOException("the stored blob of " + id + " is damaged (" + why + "): run"
        + " 'jaci image verify --repair' and import the image again");
  }
}
