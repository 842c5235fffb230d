package io.jaci.core.store;

import io.jaci.core.spec.ImageId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where things are in a store directory:
 *
 * <pre>
 * ROOT/index.db                      the SQLite index (plus -wal and -shm)
 * ROOT/lock                          locked by writers while they change blobs and index
 * ROOT/blobs/sha512/ab/abcd...       uncompressed image tars, named by their full ID
 * ROOT/tmp/                          imports in progress (each file locked by its writer)
 * ROOT/trees/                        the tree cache of the renderer
 * </pre>
 */
final class StoreLayout {
  private static final Pattern HEX128 = Pattern.compile("[0-9a-f]{128}");

  private final Path root;

  StoreLayout(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Path index() {
    return root.resolve("index.db");
  }

  Path lockFile() {
    return root.resolve("lock");
  }

  Path blobs() {
    return root.resolve("blobs").resolve("sha512");
  }

  Path blob(ImageId id) {
    if (!id.isFull()) {
      throw new IllegalArgumentException("a blob is named by a full image ID, not " + id);
    }
    return blobs().resolve(id.hex().substring(0, 2)).resolve(id.hex());
  }

  /** The image ID a blob file is named for, if it is named like a blob. */
  static Optional<ImageId> blobId(Path file) {
    String name = file.getFileName().toString();
    if (!HEX128.matcher(name).matches()
        || !file.getParent().getFileName().toString().equals(name.substring(0, 2))) {
      return Optional.empty();
    }
    return Optional.of(new ImageId(name));
  }

  Path tmp() {
    return root.resolve("tmp");
  }

  Path trees() {
    return root.resolve("trees");
  }

  void create() throws IOException {
    Files.createDirectories(blobs());
    Files.createDirectories(tmp());
    Files.createDirectories(trees());
  }

  /** Makes a rename or delete in {@code dir} durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
