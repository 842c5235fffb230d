package io.jaci.core.aci;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.fs.OwnerAccess;
import io.jaci.core.fs.ScannedFile;
import io.jaci.core.fs.TreeScanner;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.ProgressInputStream;
import io.jaci.core.spec.ManifestCheck;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Builds an ACI from an image layout: a directory holding {@code manifest} and
 * {@code rootfs/} (or from a manifest and rootfs entries given as they are).
 *
 * <p>The manifest is validated before anything is written and becomes the first entry, so
 * readers find it without decompressing the rest. The rootfs follows in a fixed order (see
 * {@link ReproducibleEntries}), so the same tree gives the same bytes on any machine. Tar
 * writing, hashing (the image ID) and compression happen in one pass over the data, with
 * gzip spread over all cores. The output appears only when it is complete.
 *
 * <pre>{@code
 * AciBuildResult r = AciBuilder.fromLayout(Path.of("layout"))
 *     .compression(Compression.GZIP)
 *     .sourceDateEpoch(1700000000L)
 *     .build(Path.of("app.aci"));
 * }</pre>
 */
public final class AciBuilder {
  private final Path layout;
  private final byte[] givenManifest;
  private final TreeScanner.Result givenRootfs;
  private Compression compression = Compression.GZIP;
  private int level = Compression.DEFAULT_LEVEL;
  private boolean overwrite;
  private boolean ownerRoot;
  private Long sourceDateEpoch;
  private ProgressListener progress = ProgressListener.NONE;

  private AciBuilder(Path layout, byte[] manifest, TreeScanner.Result rootfs) {
    this.layout = layout;
    this.givenManifest = manifest;
    this.givenRootfs = rootfs;
  }

  /** A builder for the layout directory {@code dir}. */
  public static AciBuilder fromLayout(Path dir) {
    return new AciBuilder(Objects.requireNonNull(dir), null, null);
  }

  /**
   * A builder for an image whose parts are already known: the manifest's bytes and the
   * rootfs entries in the order to write them, the first named {@code rootfs} (a diff build
   * writes only some of a tree's files, with owners the disk does not have).
   */
  public static AciBuilder fromContent(byte[] manifest, List<ScannedFile> rootfs) {
    long bytes = 0;
    for (ScannedFile f : rootfs) {
      bytes += f.header().type() == TarEntryType.REGULAR ? f.header().size() : 0;
    }
    return new AciBuilder(null, manifest.clone(),
        new TreeScanner.Result(List.copyOf(rootfs), bytes));
  }

  /** gzip (the default), bzip2, xz or none. */
  public AciBuilder compression(Compression value) {
    if (value == Compression.ZSTD) {
      throw new IllegalArgumentException("an ACI is gzip, bzip2, xz or uncompressed, not zstd");
    }
    this.compression = Objects.requireNonNull(value);
    return this;
  }

  /**
   * The compression level, 1 (fastest) to 9 (smallest); by default gzip uses
   * {@link Compression#DEFAULT_GZIP_LEVEL}, bzip2 9, xz 6.
   */
  public AciBuilder compressionLevel(int value) {
    if (value < 1 || value > 9) {
      throw new IllegalArgumentException("compression level " + value + " is outside 1..9");
    }
    this.level = value;
    return this;
  }

  /** Replace an existing output file (otherwise that is an error). */
  public AciBuilder overwrite(boolean value) {
    this.overwrite = value;
    return this;
  }

  /** Record every file as owned by 0:0 instead of its owner on disk. */
  public AciBuilder ownerRoot(boolean value) {
    this.ownerRoot = value;
    return this;
  }

  /** Clamp every mtime to at most this many seconds since the epoch ({@code null}: none). */
  public AciBuilder sourceDateEpoch(Long seconds) {
    this.sourceDateEpoch = seconds;
    return this;
  }

  /** Where to report progress through the file contents. */
  public AciBuilder progress(ProgressListener listener) {
    this.progress = Objects.requireNonNull(listener);
    return this;
  }

  /**
   * Validates the layout and writes the ACI to {@code output}.
   *
   * @throws JaciException with a one-line message naming the file and the problem; no
   *     output file is left behind
   */
  public AciBuildResult build(Path output) throws JaciException {
    if (layout == null) {
      ManifestCheck check = ManifestJson.check(givenManifest);
      if (!check.errors().isEmpty()) {
        throw new JaciException("invalid manifest: " + String.join("; ", check.errors()));
      }
      return write(output, givenManifest, givenRootfs, List.of());
    }
    Path manifestFile = layout.resolve("manifest");
    Path rootfs = layout.resolve("rootfs");
    if (!Files.isDirectory(layout)) {
      throw new JaciException(layout + ": not a directory (expected an image layout with "
          + "manifest and rootfs/)");
    }
    if (!Files.isRegularFile(manifestFile)) {
      throw new JaciException(manifestFile + ": missing (an image layout needs a manifest file)");
    }
    if (!Files.isDirectory(rootfs)) {
      throw new JaciException(rootfs + ": missing (an image layout needs a rootfs directory)");
    }
    // The tree is scanned while the manifest is checked: both start cold (file metadata and
    // native calls there, JSON and the model here), and a build's first half second is theirs.
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    // a normal user's own entries that keep it out (a 0000 /etc/shadow, a rendered image's
    // 0000 directory) are opened while the build reads them, and restored after
    OwnerAccess access = OwnerAccess.forThisProcess();
    CompletableFuture<TreeScanner.Result> scan = CompletableFuture.supplyAsync(() -> {
      try {
        return TreeScanner.scan(rootfs, "rootfs", warnings::add, access);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, SCANNER);
    try {
      // an invalid manifest is reported first, once the scan has stopped changing modes
      byte[] manifest = LayoutManifest.readValid(manifestFile);
      TreeScanner.Result tree = joinScan(scan, rootfs);
      return write(output, manifest, tree, warnings);
    } finally {
      scan.exceptionally(e -> null).join();
      try {
        access.restore();
      } catch (IOException e) {
        throw new JaciException(IoMessages.about(rootfs, e)
            + " (restoring the mode of an entry opened for reading)", e);
      }
    }
  }

  private AciBuildResult write(Path output, byte[] manifest, TreeScanner.Result tree,
      List<String> warnings) throws JaciException {
    ReproducibleEntries rules = new ReproducibleEntries(sourceDateEpoch, ownerRoot);
    progress.start("building " + output.getFileName(), tree.contentBytes());
    try (AciOutput aci = AciOutput.create(output, compression, level, overwrite)) {
      TarWriter tar = aci.tar();
      tar.write(rules.manifestHeader(manifest.length), new java.io.ByteArrayInputStream(manifest));
      for (ScannedFile f : tree.files()) {
        writeEntry(tar, rules.apply(f.header()), f.source());
      }
      AciOutput.Written w = aci.commit();
      return new AciBuildResult(w.imageId(), output, w.tarSize(), w.fileSize(),
          tree.files().size() + 1, List.copyOf(warnings));
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(output, e), e);
    } finally {
      progress.finish();
    }
  }

  private static final Executor SCANNER = r -> {
    Thread t = new Thread(r, "jaci-scan");
    t.setDaemon(true);
    t.start();
  };

  private static TreeScanner.Result joinScan(CompletableFuture<TreeScanner.Result> scan,
      Path rootfs) throws JaciException {
    try {
      return scan.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException io) {
        throw new JaciException(IoMessages.about(rootfs, io.getCause()), io.getCause());
      }
      throw e;
    }
  }

  private void writeEntry(TarWriter tar, TarHeader header, Path source) throws IOException {
    if (header.type() != TarEntryType.REGULAR || header.size() == 0) {
      tar.write(header);
      return;
    }
    try (InputStream in = new ProgressInputStream(Files.newInputStream(source), progress)) {
      tar.write(header, in);
    }
  }
}
