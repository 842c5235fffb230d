package io.jaci.core.oci;

import io.jaci.core.JaciException;
import io.jaci.core.image.Descriptor;
import io.jaci.core.image.MediaTypes;
import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.io.AtomicOutputFile;
import io.jaci.core.io.IoMessages;
import io.jaci.core.registry.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes into an OCI image layout directory, added to if it is one (other images and tags
 * stay), made if it is missing or empty (built under a temporary name beside it and renamed
 * into place at the end). Blobs are staged in a temporary directory inside the layout,
 * synced and renamed into {@code blobs/sha256/}; {@code index.json} is replaced last and
 * atomically, so a failure or an interrupt leaves an existing layout's index as it was and
 * no new layout at all. Symlinks among an existing layout's own names ({@code blobs},
 * {@code blobs/sha256}, its blobs, {@code index.json}, {@code oci-layout}) are refused.
 */
public final class OciLayoutSink implements OciSink {
  private static final List<String> LAYOUT_NAMES =
      List.of("blobs", "blobs/sha256", "index.json", "oci-layout", ".jaci-staging");

  private final Path dir;
  private final String tag;
  private final AtomicOutputDirectory newLayout;
  private final Path root;
  private final AtomicOutputDirectory staging;

  private OciLayoutSink(Path dir, String tag, AtomicOutputDirectory newLayout, Path root,
      AtomicOutputDirectory staging) {
    this.dir = dir;
    this.tag = tag;
    this.newLayout = newLayout;
    this.root = root;
    this.staging = staging;
  }

  /**
   * Opens the layout at {@code dir}, or prepares a new one there (built beside it under a
   * temporary name and renamed into place by {@link #commit}).
   *
   * @param tag the {@code org.opencontainers.image.ref.name} to give the image, or null for
   *     {@link OciImage#defaultTag()}
   * @throws JaciException when {@code dir} is a file, a non-empty directory that is no OCI
   *     layout, or cannot be written
   */
  public static OciLayoutSink open(Path dir, String tag) throws JaciException {
    AtomicOutputDirectory newLayout = null;
    try {
      Path root = dir;
      if (!Files.exists(dir) || Files.isDirectory(dir) && isEmpty(dir)) {
        newLayout = AtomicOutputDirectory.create(dir);
        root = newLayout.path();
      } else if (!Files.isDirectory(dir)) {
        throw new JaciException(dir + ": not a directory (an OCI layout is one)");
      } else if (!Files.exists(dir.resolve("oci-layout"))) {
        throw new JaciException(dir + ": not an OCI image layout (no oci-layout file) and not"
            + " empty; give a new or empty directory");
      } else {
        refuseSymlinks(dir);
        readIndex(dir); // a broken index.json is an error before any work
      }
      AtomicOutputDirectory staging = AtomicOutputDirectory.create(
          root.resolve(".jaci-staging"));
      return new OciLayoutSink(dir, tag, newLayout, root, staging);
    } catch (IOException e) {
      closeQuietly(newLayout);
      throw new JaciException(IoMessages.about(dir, e), e);
    } catch (JaciException e) {
      closeQuietly(newLayout);
      throw e;
    }
  }

  private static void closeQuietly(AtomicOutputDirectory d) {
    if (d == null) {
      return;
    }
    try {
      d.close();
    } catch (IOException ignored) {
      // a temporary directory the exit hook removes
    }
  }

  /**
   * An existing layout's own names must not be symlinks: jaci would write blobs, or read and
   * replace the index, wherever they point (the layout readers refuse them too).
   */
  private static void refuseSymlinks(Path dir) throws JaciException {
    for (String name : LAYOUT_NAMES) {
      refuseSymlink(dir.resolve(name));
    }
  }

  private static void refuseSymlink(Path p) throws JaciException {
    if (Files.isSymbolicLink(p)) {
      throw new JaciException(p + ": a symbolic link inside the OCI layout; jaci does not"
          + " write through it (replace it by a directory or file, or give a new layout)");
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static OciIndex readIndex(Path dir) throws JaciException {
    Path index = dir.resolve("index.json");
    try {
      return OciIndex.read(OciJson.readTree(Files.readAllBytes(index)));
    } catch (NoSuchFileException e) {
      return OciIndex.empty();
    } catch (IllegalArgumentException e) {
      throw new JaciException(index + ": not a readable OCI index: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new JaciException(index + ": not a readable OCI index: " + IoMessages.describe(e),
          e);
    }
  }

  @Override
  public Path staging() {
    return staging.path();
  }

  @Override
  public boolean compressesLayers() {
    return true;
  }

  @Override
  public Digest commit(OciImage image) throws JaciException {
    try {
      refuseSymlinks(root); // again: the layout may have changed since open
      Path blobs = Files.createDirectories(root.resolve("blobs").resolve("sha256"));
      for (Layer l : image.layers()) {
        moveBlob(l.blob().file(), blob(blobs, l.blob().digest()));
      }
      writeBlob(blobs, image.config());
      Digest manifest = writeBlob(blobs, image.manifest());
      if (!Files.exists(root.resolve("oci-layout"))) {
        writeFile(root.resolve("oci-layout"),
            OciJson.write(new OciLayoutMarker(OciLayoutMarker.VERSION)));
      }
      Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, manifest, image.manifest().length);
      OciIndex index = readIndex(root).withTagged(d, tag != null ? tag : image.defaultTag());
      writeFile(root.resolve("index.json"), OciJson.write(index));
      if (newLayout != null) {
        staging.close();
        newLayout.commit();
      }
      return manifest;
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
  }

  private Digest writeBlob(Path blobs, byte[] bytes) throws IOException, JaciException {
    Digest d = Digest.sha256(bytes);
    Path temp = Files.createTempFile(staging.path(), ".blob-", ".part");
    Files.write(temp, bytes);
    moveBlob(temp, blob(blobs, d));
    return d;
  }

  /** Where blob {@code d} goes; a symlink there (which the index would name) is refused. */
  private static Path blob(Path blobs, Digest d) throws JaciException {
    Path target = blobs.resolve(d.hex());
    refuseSymlink(target);
    return target;
  }

  /** Syncs {@code temp} and renames it to {@code target}, unless that blob is there already. */
  private static void moveBlob(Path temp, Path target) throws IOException {
    if (Files.exists(target)) {
      Files.delete(temp); // content-addressed: the same bytes
      return;
    }
    try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeFile(Path target, byte[] bytes) throws IOException {
    try (AtomicOutputFile out = AtomicOutputFile.create(target, true)) {
      OutputStream s = out.stream();
      s.write(bytes);
      out.commitDurably();
    }
  }

  @Override
  public void close() throws JaciException {
    try {
      staging.close();
      if (newLayout != null) {
        newLayout.close(); // removes a layout that was never committed
      }
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    }
  }
}
