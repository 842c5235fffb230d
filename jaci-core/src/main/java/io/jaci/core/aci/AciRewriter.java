package io.jaci.core.aci;

import io.jaci.core.JaciException;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.InvalidManifestException;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarReader;
import io.jaci.core.tar.TarWriter;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Writes a copy of an ACI with a new manifest. Every other entry is copied byte for byte
 * (raw headers included); the manifest keeps its place and its metadata, with the new
 * content. The copy appears only when complete, so {@code in} and {@code out} may be the
 * same file.
 */
public final class AciRewriter {
  private final Path input;
  private Compression compression;
  private boolean overwrite;

  private AciRewriter(Path input) {
    this.input = Objects.requireNonNull(input);
  }

  /** A rewriter of the ACI at {@code input}. */
  public static AciRewriter of(Path input) {
    return new AciRewriter(input);
  }

  /** The compression of the copy; by default that of the input. */
  public AciRewriter compression(Compression value) {
    this.compression = value;
    return this;
  }

  /** Replace {@code out} if it exists. */
  public AciRewriter overwrite(boolean value) {
    this.overwrite = value;
    return this;
  }

  /**
   * Writes the ACI to {@code output} with the manifest {@code change} makes of the old one.
   *
   * @throws JaciException when the input is no ACI, its manifest or the changed one is
   *     invalid, or writing fails; no output is left behind
   */
  public AciBuildResult rewrite(Path output, UnaryOperator<ImageManifest> change)
      throws JaciException {
    Compression inputCompression = compressionOf(input);
    Compression c = compression != null ? compression : inputCompression;
    boolean found = false;
    int entries = 0;
    try (InputStream raw = Files.newInputStream(input);
        TarReader tar = new TarReader(inputCompression.decompress(new BufferedInputStream(raw)));
        AciOutput aci = AciOutput.create(output, c, Compression.DEFAULT_LEVEL,
            overwrite || output.equals(input))) {
      TarWriter writer = aci.tar();
      Set<String> seen = new HashSet<>();
      for (TarEntry e = tar.next(); e != null; e = tar.next()) {
        entries++;
        String name = checkedName(e, seen);
        if (!found && name.equals("manifest") && e.header().type() == TarEntryType.REGULAR) {
          found = true;
          byte[] manifest = changed(tar.content().readAllBytes(), change);
          writer.write(e.header().withSize(manifest.length),
              new ByteArrayInputStream(manifest));
        } else {
          writer.copy(e, tar.content());
        }
      }
      if (!found) {
        throw new JaciException(input + ": no manifest entry (is it an ACI?)");
      }
      AciOutput.Written w = aci.commit();
      return new AciBuildResult(w.imageId(), output, w.tarSize(), w.fileSize(), entries,
          List.of());
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(input, e), e);
    }
  }

  private byte[] changed(byte[] manifest, UnaryOperator<ImageManifest> change)
      throws JaciException {
    ImageManifest old;
    try {
      old = ManifestJson.parse(manifest);
    } catch (InvalidManifestException e) {
      throw new JaciException(input + ": the manifest is invalid: " + e.getMessage());
    }
    try {
      return ManifestJson.write(change.apply(old));
    } catch (IllegalArgumentException e) {
      throw new JaciException("the changed manifest would be invalid: " + e.getMessage());
    }
  }

  /**
   * The clean name of {@code e}; entries that leave the image or repeat, and hard links that
   * {@link ImageValidator} rejects, are not copied.
   */
  private String checkedName(TarEntry e, Set<String> seen) throws JaciException {
    String name;
    try {
      name = EntryPath.clean(e.name());
    } catch (EntryPath.UnsafeNameException bad) {
      throw new JaciException(input + ": entry " + bad.getMessage()
          + ": names must stay inside the image");
    }
    if (e.header().type() == TarEntryType.HARD_LINK) {
      String problem = EntryPath.hardLinkProblem(name, e.header().linkName(), seen);
      if (problem != null) {
        throw new JaciException(input + ": " + problem + " (not a valid ACI: see jaci validate)");
      }
    }
    if (!name.isEmpty() && !seen.add(name)) {
      throw new JaciException(input + ": entry \"" + name + "\": duplicate entry");
    }
    return name;
  }

  private static Compression compressionOf(Path file) throws JaciException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(512);
      Compression c = Compression.detect(head, head.length);
      if (c == null || c == Compression.ZSTD) {
        throw new JaciException(file + ": not an ACI (neither a tar archive nor gzip, bzip2 or "
            + "xz data)");
      }
      return c;
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }
}
