package io.jaci.core.rootfs;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.aci.AciBuildResult;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.aci.AciOutput;
import io.jaci.core.fs.TreeScanner;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarFormatException;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an ACI from a root file system: a tarball (plain tar, gzip, bzip2, xz or zstd, told
 * by its magic bytes) or a directory, and a manifest given as a model.
 *
 * <p>A tarball is converted stream to stream and never extracted, so device nodes, foreign
 * owners and setuid files (a Gentoo stage3, a Buildroot {@code rootfs.tar}) become an image
 * without root: each entry is written again below {@code rootfs/} (see
 * {@link RootfsTarConverter} for the rules) after the manifest, the first entry. Decompression
 * runs on its own thread while this one parses, hashes and hands blocks to the parallel
 * compressor. A directory is scanned and built like {@code jaci build} builds a layout.
 *
 * <pre>{@code
 * ImageManifest m = ImageManifest.builder(AcIdentifier.parse("example.com/stage3")).build();
 * AciBuildResult r = RootfsImage.fromTarball(Path.of("stage3.tar.xz")).manifest(m)
 *     .build(Path.of("stage3.aci"));
 * }</pre>
 */
public final class RootfsImage {
  /** Decompressed data is read ahead in blocks of this size on a second thread. */
  private static final int READ_AHEAD = 1 << 20;

  private final Path source;
  private final InputStream stream;
  private final String displayName;
  private ImageManifest manifest;
  private Compression compression = Compression.GZIP;
  private int level = Compression.DEFAULT_LEVEL;
  private boolean overwrite;
  private Long sourceDateEpoch;
  private ProgressListener progress = ProgressListener.NONE;
  private Path xzProgram = XzProgram.find();

  private RootfsImage(Path source, InputStream stream, String displayName) {
    this.source = source;
    this.stream = stream;
    this.displayName = displayName;
  }

  /** A root file system in {@code source}: a directory, or a tarball in any compression. */
  public static RootfsImage from(Path source) {
    return new RootfsImage(Objects.requireNonNull(source), null, source.toString());
  }

  /**
   * A tarball read from {@code in} (standard input, say), named {@code displayName} in
   * messages; {@link #build} closes it.
   */
  public static RootfsImage fromStream(InputStream in, String displayName) {
    return new RootfsImage(null, Objects.requireNonNull(in), displayName);
  }

  /** The image manifest (required). */
  public RootfsImage manifest(ImageManifest value) {
    this.manifest = Objects.requireNonNull(value);
    return this;
  }

  /** gzip (the default), bzip2, xz or none. */
  public RootfsImage compression(Compression value) {
    if (value == Compression.ZSTD) {
      throw new IllegalArgumentException("an ACI is gzip, bzip2, xz or uncompressed, not zstd");
    }
    this.compression = Objects.requireNonNull(value);
    return this;
  }

  /** 1 (fastest) to 9 (smallest), or {@link Compression#DEFAULT_LEVEL}. */
  public RootfsImage compressionLevel(int value) {
    if (value != Compression.DEFAULT_LEVEL && (value < 1 || value > 9)) {
      throw new IllegalArgumentException("compression level " + value + " is outside 1..9");
    }
    this.level = value;
    return this;
  }

  /** Replace an existing output file (otherwise that is an error). */
  public RootfsImage overwrite(boolean value) {
    this.overwrite = value;
    return this;
  }

  /** Clamp every mtime to at most this many seconds since the epoch ({@code null}: none). */
  public RootfsImage sourceDateEpoch(Long seconds) {
    this.sourceDateEpoch = seconds;
    return this;
  }

  /**
   * Where to report progress: bytes of the source read (its compressed size, when known); a
   * tarball's progress is reported from the decompressing thread.
   */
  public RootfsImage progress(ProgressListener listener) {
    this.progress = Objects.requireNonNull(listener);
    return this;
  }

  /**
   * The program that decodes xz data ({@code xz} on PATH by default, as liblzma is faster
   * than XZ for Java), or {@code null} to decode in Java.
   */
  public RootfsImage xzProgram(Path program) {
    this.xzProgram = program;
    return this;
  }

  /**
   * Writes the image to {@code output}.
   *
   * @throws JaciException with one line naming the source or the output and the problem
   *     (not a tarball, damaged data, an entry that would leave the root, ...); no output file
   *     is left behind
   */
  public AciBuildResult build(Path output) throws JaciException {
    if (manifest == null) {
      throw new IllegalStateException("no manifest given");
    }
    byte[] json = ManifestJson.write(manifest);
    if (source != null && Files.isDirectory(source)) {
      return fromDirectory(json, output);
    }
    try (InputStream in = stream != null ? stream : open(source)) {
      return fromTarball(json, in, output);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(displayName, e), e); // closing the source
    }
  }

  private static InputStream open(Path file) throws JaciException {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }

  private AciBuildResult fromTarball(byte[] json, InputStream in, Path output)
      throws JaciException {
    long total = -1;
    try {
      total = source != null ? Files.size(source) : -1;
    } catch (IOException e) {
      // only the progress bar's total is lost
    }
    progress.start("converting " + displayName, total);
    try (SourceStream tar = SourceStream.open(in, progress, READ_AHEAD, xzProgram);
        AciOutput aci = AciOutput.create(output, compression, level, overwrite)) {
      aci.tar().write(manifestHeader(json.length), new ByteArrayInputStream(json));
      long entries;
      try {
        entries = new RootfsTarConverter(aci.tar(), sourceDateEpoch)
            .convert(new TarReader(tar.stream()));
      } catch (TarFormatException | EOFException e) {
        throw tar.failureBehind(e);
      }
      tar.drain(); // to the end of the compressed stream, so that its checksum is checked
      AciOutput.Written w = aci.commit();
      return new AciBuildResult(w.imageId(), output, w.tarSize(), w.fileSize(),
          (int) Math.min(Integer.MAX_VALUE, entries + 1), List.of());
    } catch (RootfsTarConverter.RejectedEntryException e) {
      throw new JaciException(displayName + ": " + e.getMessage());
    } catch (IOException e) {
      if (SourceStream.isSourceFailure(e)) {
        throw new JaciException(displayName + ": " + SourceStream.describe(e), e);
      }
      throw new JaciException(IoMessages.about(output, e), e);
    } finally {
      progress.finish();
    }
  }

  private AciBuildResult fromDirectory(byte[] json, Path output) throws JaciException {
    List<String> warnings = new ArrayList<>();
    TreeScanner.Result tree;
    try {
      tree = TreeScanner.scan(source, "rootfs", warnings::add);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(source, e), e);
    }
    AciBuilder builder = AciBuilder.fromContent(json, tree.files());
    if (level != Compression.DEFAULT_LEVEL) {
      builder.compressionLevel(level);
    }
    AciBuildResult r = builder
        .compression(compression)
        .overwrite(overwrite)
        .sourceDateEpoch(sourceDateEpoch)
        .progress(progress)
        .build(output);
    warnings.addAll(r.warnings());
    return new AciBuildResult(r.imageId(), r.output(), r.tarSize(), r.fileSize(), r.entries(),
        List.copyOf(warnings));
  }

  /** As {@code jaci build} writes it: root's, 0644, dated SOURCE_DATE_EPOCH or the epoch. */
  private TarHeader manifestHeader(long size) {
    return new TarHeader("manifest", TarEntryType.REGULAR, 0644, 0, 0, size,
        sourceDateEpoch != null ? sourceDateEpoch : 0, "", 0, 0, null);
  }
}
