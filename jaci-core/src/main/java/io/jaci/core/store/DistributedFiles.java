package io.jaci.core.store;

import io.jaci.core.JaciException;
import io.jaci.core.io.AtomicOutputFile;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ImageId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * The images of a store as they are distributed: each one's {@code .aci} file (compressed) and,
 * when there is one, the detached OpenPGP signature over exactly those bytes. The store keeps
 * images as uncompressed tars, so a signed image must keep the file its signature covers:
 *
 * <pre>
 * ROOT/aci/ab/abcd....aci       the image's .aci as signed or pushed, or gzip of its blob
 * ROOT/aci/ab/abcd....aci.asc   its signature, when one was stored
 * </pre>
 *
 * <p>The {@code .aci} is always in place before its signature, and both are written to a
 * temporary file and renamed, so a reader sees a whole file or none. Removing an image from
 * the store removes both.
 */
public final class DistributedFiles {
  private static final int GZIP_LEVEL = 6;

  private final StoreLayout layout;
  private final boolean readOnly;

  DistributedFiles(StoreLayout layout, boolean readOnly) {
    this.layout = layout;
    this.readOnly = readOnly;
  }

  /** Where the {@code .aci} of image {@code id} (a full ID) is kept, whether it exists or not. */
  Path aciPath(ImageId id) {
    Path blob = layout.blob(id);
    return layout.root().resolve("aci").resolve(blob.getParent().getFileName())
        .resolve(id.hex() + ".aci");
  }

  private Path signaturePath(ImageId id) {
    Path aci = aciPath(id);
    return aci.resolveSibling(aci.getFileName() + ".asc");
  }

  /** The kept {@code .aci} of image {@code id}, if there is one yet. */
  public Optional<Path> keptAci(ImageId id) {
    Path aci = aciPath(id);
    return Files.isRegularFile(aci) ? Optional.of(aci) : Optional.empty();
  }

  /** The stored signature of image {@code id}, if any. */
  public Optional<Path> signature(ImageId id) {
    Path asc = signaturePath(id);
    return Files.isRegularFile(asc) ? Optional.of(asc) : Optional.empty();
  }

  /**
   * The {@code .aci} file of {@code image}: the stored one, else a gzip of its blob written now
   * (once; later calls return it). In a read-only store without one, the blob itself (a plain
   * tar is a valid ACI).
   */
  public Path aciFile(StoredImage image) throws JaciException {
    Path aci = aciPath(image.id());
    if (Files.isRegularFile(aci)) {
      return aci;
    }
    if (readOnly) {
      return layout.blob(image.id());
    }
    try {
      Files.createDirectories(aci.getParent());
      try (AtomicOutputFile out = AtomicOutputFile.create(aci, false);
          InputStream tar = Files.newInputStream(layout.blob(image.id()))) {
        // the shield: closing the compressor finishes it, commit closes the file
        try (OutputStream gz = Compression.GZIP.compress(
            CloseShieldOutputStream.wrap(out.stream()), GZIP_LEVEL)) {
          tar.transferTo(gz);
        }
        out.commitDurably();
      } catch (FileAlreadyExistsException e) {
        // another writer's file (a pushed, perhaps signed one) is kept: never replaced by ours
      }
      return aci;
    } catch (NoSuchFileException e) {
      throw new JaciException("the blob of " + image.describe() + " is missing from the store:"
          + " run 'jaci image verify --repair', then import the image again");
    } catch (IOException e) {
      throw new JaciException("compressing " + image.describe() + " for download: "
          + IoMessages.describe(e), e);
    }
  }

  /**
   * Keeps {@code aciFile} (moved when it is on the store's file system, else copied) as the
   * distributed form of image {@code id}, with {@code signature} over its bytes when present
   * (an older signature is removed when there is none). The caller must have imported the
   * same file as image {@code id}.
   */
  public void keep(ImageId id, Path aciFile, Optional<byte[]> signature) throws JaciException {
    if (readOnly) {
      throw new JaciException("the image store " + layout.root() + " is read-only for this user:"
          + " keeping a signed image needs write access (use a store you can write: --store DIR)");
    }
    Path aci = aciPath(id);
    Path asc = signaturePath(id);
    try {
      Files.createDirectories(aci.getParent());
      Files.deleteIfExists(asc); // never a signature beside bytes it does not cover
      try {
        Files.move(aciFile, aci, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        try (AtomicOutputFile out = AtomicOutputFile.create(aci, true)) {
          Files.copy(aciFile, out.stream());
          out.commitDurably();
        }
      }
      if (signature.isPresent()) {
        try (AtomicOutputFile out = AtomicOutputFile.create(asc, true)) {
          out.stream().write(signature.get());
          out.commitDurably();
        }
      }
    } catch (IOException e) {
      throw new JaciException("keeping the .aci of " + id + " in the store: "
          + IoMessages.describe(e), e);
    }
  }

  /**
   * Removes the temporary files of writers that died (a server killed while it compressed an
   * image or kept a pushed one): {@code .NAME.part} files in {@code ROOT/aci/} not written to
   * for {@code idle} (a live writer writes all the time). Returns how many.
   */
  public int removeAbandoned(Duration idle) throws IOException {
    Path aci = layout.root().resolve("aci");
    if (readOnly || !Files.isDirectory(aci)) {
      return 0;
    }
    FileTime cutoff = FileTime.from(Instant.now().minus(idle));
    int removed = 0;
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(aci)) {
      for (Path shard : shards) {
        if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard, ".*.part")) {
          for (Path f : files) {
            if (Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).compareTo(cutoff) < 0
                && Files.deleteIfExists(f)) {
              removed++;
            }
          }
        }
      }
    }
    return removed;
  }

  /** Removes what is kept for image {@code id}; nothing kept is not an error. */
  void remove(ImageId id) throws IOException {
    Files.deleteIfExists(signaturePath(id));
    Files.deleteIfExists(aciPath(id));
  }
}
