package io.jaci.core.render;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciBuildResult;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.aci.AciOutput;
import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.spec.PathWhitelist;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes a stored image out as an ACI file: as stored (the same tar, so the same image ID,
 * in any compression), or squashed (the image rendered with its dependencies into one ACI
 * whose manifest has neither dependencies nor a path whitelist).
 */
public final class ImageExporter {
  private final ImageSource source;
  private final ImageRenderer renderer;
  private Compression compression = Compression.GZIP;
  private boolean overwrite;

  private ImageExporter(ImageSource source, ImageRenderer renderer) {
    this.source = Objects.requireNonNull(source);
    this.renderer = Objects.requireNonNull(renderer);
  }

  /** An exporter reading from {@code source}, squashing with {@code renderer}. */
  public static ImageExporter of(ImageSource source, ImageRenderer renderer) {
    return new ImageExporter(source, renderer);
  }

  public ImageExporter compression(Compression value) {
    this.compression = Objects.requireNonNull(value);
    return this;
  }

  public ImageExporter overwrite(boolean value) {
    this.overwrite = value;
    return this;
  }

  /** Writes the image's own tar, compressed; the file has the image's ID. */
  public AciBuildResult exportAsStored(ImageId id, Path output) throws JaciException {
    try (AciOutput aci = AciOutput.create(output, compression, Compression.DEFAULT_LEVEL,
        overwrite); InputStream tar = source.openTar(id)) {
      aci.tar().copyRaw(tar);
      AciOutput.Written w = aci.commit(id);
      return new AciBuildResult(w.imageId(), output, w.tarSize(), w.fileSize(), 0, List.of());
    } catch (AciOutput.WrongImageIdException e) {
      throw new JaciException(id + ": the stored image is damaged (" + e.getMessage()
          + "); run jaci image verify --repair", e);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(output, e), e);
    }
  }

  /**
   * Renders the image with its dependencies and builds one ACI of the result. Owners and
   * device nodes come through only when running as root (the render restores them).
   */
  public AciBuildResult exportSquashed(ImageId id, Path output) throws JaciException {
    ImageSource.Image top = source.byId(id)
        .orElseThrow(() -> new JaciException(id + ": not in the store"));
    Path scratch;
    try {
      Path parent = output.toAbsolutePath().getParent();
      if (!Files.isDirectory(parent)) {
        throw new JaciException(parent + ": the output directory does not exist");
      }
      scratch = Files.createTempDirectory(parent, "." + output.getFileName() + ".squash-");
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(output, e), e);
    }
    try {
      Path layout = scratch.resolve("layout");
      RenderResult r = renderer.render(id, layout, false);
      ImageManifest squashed = top.manifest().toBuilder()
          .dependencies(List.of())
          .pathWhitelist(PathWhitelist.empty())
          .build();
      Files.write(layout.resolve("manifest"), ManifestJson.write(squashed));
      AciBuildResult built = AciBuilder.fromLayout(layout).compression(compression)
          .overwrite(overwrite).build(output);
      List<String> warnings = new java.util.ArrayList<>(built.warnings());
      warnings.addAll(r.notRestored());
      return new AciBuildResult(built.imageId(), output, built.tarSize(), built.fileSize(),
          built.entries(), warnings);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(output, e), e);
    } finally {
      try {
        AtomicOutputDirectory.deleteTree(scratch);
      } catch (IOException ignored) {
        // a leftover scratch directory is named after the output and harmless
      }
    }
  }
}
