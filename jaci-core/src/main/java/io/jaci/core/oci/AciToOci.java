package io.jaci.core.oci;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.extract.PathFilter;
import io.jaci.core.image.Descriptor;
import io.jaci.core.image.MediaTypes;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.ProgressInputStream;
import io.jaci.core.registry.Digest;
import io.jaci.core.render.DependencyResolver;
import io.jaci.core.render.ImageExporter;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.ImageSource;
import io.jaci.core.render.TreeCache;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Converts an ACI, or a stored image with its dependencies, into an OCI image and hands it to
 * an {@link OciSink}. Layered: one OCI layer per image in the render order, the path
 * whitelists turned into whiteouts ({@link LayerPlan}); squashed: one layer of the tree
 * {@link ImageExporter#exportSquashed} renders; an ACI file: one layer of its own rootfs.
 * The config comes from the top image's manifest ({@link ConfigMapping}). The same input
 * gives the same digests.
 */
public final class AciToOci {
  private final ImageSource source;
  private final ImageId top;
  private final Path file;
  private boolean squash;
  private TreeCache treeCache;
  private ProgressListener progress = ProgressListener.NONE;

  private AciToOci(ImageSource source, ImageId top, Path file) {
    this.source = source;
    this.top = top;
    this.file = file;
  }

  /** The image {@code id} of {@code source} with its dependencies, one layer per image. */
  public static AciToOci of(ImageSource source, ImageId id) {
    return new AciToOci(Objects.requireNonNull(source), Objects.requireNonNull(id), null);
  }

  /** The ACI at {@code file}, its own rootfs as one layer (dependencies are not looked at). */
  public static AciToOci aciFile(Path file) {
    return new AciToOci(null, null, Objects.requireNonNull(file));
  }

  /**
   * The ACI at {@code file} with its dependencies from {@code store}, one layer per image.
   *
   * @throws JaciException when a dependency is not in {@code store} (the message names it)
   */
  public static AciToOci aciFileOver(Path file, ImageSource store) throws JaciException {
    AciFileSource source = AciFileSource.open(file, store);
    DependencyResolver.layers(source.image(), source); // fail now, not halfway
    return of(source, source.image().id());
  }

  /** The manifest of the ACI at {@code file} (to decide how to convert it). */
  public static ImageManifest manifestOf(Path file) throws JaciException {
    return AciFileSource.manifest(file);
  }

  /** One layer of the rendered tree instead of one per image. */
  public AciToOci squash(boolean value) {
    this.squash = value;
    return this;
  }

  /** The tree cache a squashed conversion renders through (none by default). */
  public AciToOci treeCache(TreeCache value) {
    this.treeCache = value;
    return this;
  }

  public AciToOci progress(ProgressListener value) {
    this.progress = Objects.requireNonNull(value);
    return this;
  }

  /**
   * Converts and commits to {@code sink}.
   *
   * @return the digest the sink gives the image (a manifest's, or a docker-archive's config)
   */
  public Digest writeTo(OciSink sink) throws JaciException {
    if (file != null) {
      ImageManifest manifest = AciFileSource.manifest(file);
      return sink.commit(build(sink, manifest, List.of(new Input(manifest, null, PathFilter.ALL,
          List.of(), List.of(), file))));
    }
    ImageSource.Image image = source.byId(top)
        .orElseThrow(() -> new JaciException(top + ": not in the store"));
    if (squash) {
      Path squashed = sink.staging().resolve("squashed.aci");
      ImageRenderer renderer = ImageRenderer.of(source).progress(progress);
      if (treeCache != null) {
        renderer.treeCache(treeCache);
      }
      try {
        ImageExporter.of(source, renderer).compression(Compression.NONE)
            .exportSquashed(top, squashed);
        return aciFile(squashed).progress(progress).writeTo(sink);
      } finally {
        deleteQuietly(squashed);
      }
    }
    List<Input> inputs = new ArrayList<>();
    for (LayerPlan.Step s : LayerPlan.of(DependencyResolver.layers(image, source), source,
        sink.staging())) {
      inputs.add(new Input(s.layer().manifest(), s.layer().id(), s.filter(), s.whiteouts(),
          s.restored(), null));
    }
    return sink.commit(build(sink, image.manifest(), inputs));
  }

  /** One layer to write: from a stored image ({@code id}) or from an ACI {@code file}. */
  private record Input(ImageManifest manifest, ImageId id, PathFilter filter,
      List<String> whiteouts, List<RestoredFiles.Restored> restored, Path file) {}

  private OciImage build(OciSink sink, ImageManifest topManifest, List<Input> inputs)
      throws JaciException {
    List<Layer> layers = new ArrayList<>();
    List<OciConfig.History> history = new ArrayList<>();
    long total = 0;
    for (Input in : inputs) {
      long size = in.file != null ? size(in.file) : source.size(in.id);
      total = total < 0 || size < 0 ? -1 : total + size;
    }
    progress.start("converting", total);
    try {
      for (Input in : inputs) {
        layers.add(writeLayer(sink, in));
        String by = "jaci convert " + in.manifest.name()
            + (in.id == null ? "" : " (" + in.id.toString().substring(0, 19) + ")");
        history.add(new OciConfig.History(in.manifest.annotations().get("created").orElse(null),
            by, in.whiteouts.isEmpty() ? null : in.whiteouts.size() + " whiteouts"));
      }
    } finally {
      progress.finish();
    }
    List<String> diffIds = layers.stream().map(l -> l.diffId().toString()).toList();
    byte[] config = OciJson.write(ConfigMapping.of(topManifest)
        .withLayers(OciConfig.RootFs.of(diffIds), history));
    List<Descriptor> layerDescriptors = new ArrayList<>();
    for (Layer l : layers) {
      layerDescriptors.add(Descriptor.of(l.compressed() ? MediaTypes.OCI_LAYER_GZIP
          : MediaTypes.OCI_LAYER, l.blob().digest(), l.blob().size()));
    }
    Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(config),
        config.length);
    byte[] manifest = OciJson.write(OciManifest.of(configDescriptor, layerDescriptors));
    return new OciImage(layers, config, manifest, topManifest);
  }

  private Layer writeLayer(OciSink sink, Input in) throws JaciException {
    Path out = null;
    String what = in.file != null ? in.file.toString() : in.manifest.name() + " (" + in.id + ")";
    try {
      out = Files.createTempFile(sink.staging(), ".layer-", ".part");
      try (InputStream tar = in.file != null
          ? Compression.decompressing(new ProgressInputStream(Files.newInputStream(in.file),
              progress))
          : new ProgressInputStream(source.openTar(in.id), progress)) {
        Layer layer = LayerWriter.write(tar, in.filter, in.whiteouts, in.restored, out,
            sink.compressesLayers(), () -> in.file != null
                ? Compression.decompressing(Files.newInputStream(in.file))
                : source.openTar(in.id));
        tar.transferTo(java.io.OutputStream.nullOutputStream()); // the store checks at the end
        return layer;
      }
    } catch (Compression.UnknownFormatException e) {
      deleteQuietly(out);
      throw new JaciException(what + ": not an ACI: " + e.getMessage(), e);
    } catch (IOException e) {
      deleteQuietly(out);
      throw new JaciException("converting " + what + ": " + IoMessages.describe(e), e);
    } catch (JaciException | RuntimeException e) {
      deleteQuietly(out);
      throw e;
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a staged leftover; the sink's close removes the staging directory
    }
  }
}
