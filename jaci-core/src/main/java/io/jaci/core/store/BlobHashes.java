package io.jaci.core.store;

import io.jaci.core.io.Sha512;
import io.jaci.core.spec.ImageId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * The SHA-512s of stored blobs that are about to be read one after the other (the layers of
 * a render), taken ahead on threads of their own, in the order they will be read. Reading
 * each blob then waits at its end only for its own hash, which is usually done: the reading
 * of one layer and the hashing of the next overlap, where hashing each blob only while it is
 * read made every layer take the longer of the two.
 *
 * <p>Each hash says which file it was taken of (inode and change time at its open), so that
 * the reader can tell that it read the same, unchanged file.
 */
final class BlobHashes {
  private static final int CHUNK = 1 << 20;
  private static final int THREADS = 2;
  static final String STAMP = "unix:ctime,ino";

  /** A blob's SHA-512, its size, and the stamp of the file hashed, taken at its open. */
  record Hashed(byte[] sha512, long size, Map<String, Object> stamp) {}

  private final Map<ImageId, CompletableFuture<Hashed>> pending = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  private BlobHashes() {}

  /**
   * Starts hashing {@code blobs} (image ID to blob file) in their order, on as many threads as
   * there are cores (at most {@link #THREADS}): each blob's SHA-512 is sequential, but two
   * blobs hash at once, so the hashes keep ahead of the reading even where the reading is
   * faster than one core's SHA-512 (large files, copied by the kernel).
   */
  static BlobHashes start(Map<ImageId, Path> blobs) {
    BlobHashes h = new BlobHashes();
    Map<ImageId, CompletableFuture<Hashed>> order = new LinkedHashMap<>();
    blobs.keySet().forEach(id -> order.put(id, new CompletableFuture<>()));
    h.pending.putAll(order);
    Queue<Map.Entry<ImageId, CompletableFuture<Hashed>>> next =
        new ConcurrentLinkedQueue<>(order.entrySet());
    int threads = Math.min(THREADS, Math.min(order.size(),
        Runtime.getRuntime().availableProcessors()));
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> {
        for (var e = next.poll(); e != null; e = next.poll()) {
          // stopped: only the hashes no reader took are dropped; a taken one is waited for
          if (!(h.stopped && h.pending.remove(e.getKey(), e.getValue()))) {
            hash(blobs.get(e.getKey()), e.getValue());
          }
        }
      }, "jaci-hash-ahead");
      t.setDaemon(true);
      t.start();
    }
    return h;
  }

  private static void hash(Path blob, CompletableFuture<Hashed> f) {
    try {
      Map<String, Object> stamp = Files.readAttributes(blob, STAMP);
      try (FileChannel in = FileChannel.open(blob, StandardOpenOption.READ)) {
        long size = in.size();
        f.complete(new Hashed(sha512(in, size, () -> false), size, stamp));
      }
    } catch (IOException | RuntimeException x) {
      f.completeExceptionally(x);
    }
  }

  /** The hash of {@code id}'s blob, taken or under way, once: a second read hashes anew. */
  Optional<CompletableFuture<Hashed>> take(ImageId id) {
    return Optional.ofNullable(pending.remove(id));
  }

  /** Stops hashing the blobs not yet begun that no reader took (those are never taken now). */
  void stop() {
    stopped = true;
  }

  /** The SHA-512 of the first {@code size} bytes of {@code in}, read at positions of its own. */
  static byte[] sha512(FileChannel in, long size, BooleanSupplier stop) throws IOException {
    Sha512 sha = Sha512.create();
    ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
    for (long at = 0; at < size && !stop.getAsBoolean(); ) {
      buffer.clear().limit((int) Math.min(CHUNK, size - at));
      int n = in.read(buffer, at);
      if (n <= 0) {
        break; // shorter than at open: the size check at the end tells
      }
      at += n;
      sha.update(buffer.flip());
    }
    return sha.digest();
  }
}
