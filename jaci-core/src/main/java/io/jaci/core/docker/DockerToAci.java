package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.render.DependencyResolver;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Converts a Docker or OCI image ({@link SourceImage}) to appc: squashed into one ACI, or
 * layered into one ACI per layer. Layers are streamed, never held in memory or unpacked on
 * disk.
 *
 * <pre>{@code
 * try (SourceImage image = ImageSources.open(location, clients, Platform.current());
 *     AciOutput out = AciOutput.create(file, Compression.GZIP, DEFAULT_LEVEL, false)) {
 *   DockerToAci.squashed(image, out.tar(), progress);
 *   out.commit();
 * }
 * }</pre>
 *
 * <p>The manifest is the <em>last</em> entry of converted ACIs (as the reference actool
 * writes it), because the app's user and group are looked up in the image's
 * {@code /etc/passwd} and a layer's whitelist follows from its whiteouts, both known only
 * after the layers are read.
 */
public final class DockerToAci {
  private DockerToAci() {}

  /**
   * What a conversion made.
   *
   * @param layers the images made, bottom first (one for a squashed conversion into a sink)
   * @param converted how many were converted rather than found in the cache
   * @param manifest the manifest of the (top) image
   * @param warnings what the mapping left out, one line each
   */
  public record Result(List<ImageId> layers, int converted, ImageManifest manifest,
      List<String> warnings) {}

  /**
   * Writes {@code image} squashed as the entries of one ACI into {@code tar} (which the
   * caller finishes); the result has no image IDs (the caller's writer knows the ID).
   *
   * @throws JaciException for damaged, hostile or mismatching layers and configs; the
   *     caller must then discard what was written
   */
  public static Result squashed(SourceImage image, TarWriter tar, ProgressListener progress)
      throws JaciException, IOException {
    progress.start("Converting", totalSize(image));
    try {
      UserFiles users = new SquashWriter(image, tar, progress).write();
      AppcMapping mapping = new AppcMapping();
      ImageManifest manifest = ImageManifest.builder(image.origin().aciName())
          .labels(mapping.labels(image.config(), image.origin()))
          .app(mapping.app(image.config(), users))
          .annotations(mapping.annotations(image.config(), image.origin(), image.configDigest()))
          .build();
      byte[] json = ManifestJson.write(manifest);
      tar.write(new TarHeader("manifest", TarEntryType.REGULAR, 0644, 0, 0, json.length, 0, "",
          0, 0, null), new ByteArrayInputStream(json));
      return new Result(List.of(), 1, manifest, mapping.warnings());
    } finally {
      progress.finish();
    }
  }

  /**
   * Converts {@code image} into one ACI per layer put into {@code sink}, reusing the layers
   * the sink has from earlier conversions.
   */
  public static Result layered(SourceImage image, LayerSink sink, ProgressListener progress)
      throws JaciException {
    if (image.layerCount() == 0) {
      throw new JaciException("the image has no layers; convert it squashed");
    }
    if (image.layerCount() > DependencyResolver.MAX_LAYERS) {
      // checked before anything is imported: such a chain of ACIs could not be rendered
      throw new JaciException("the image has " + image.layerCount() + " layers; layered, "
          + "that is a chain of as many ACIs, and jaci renders at most "
          + DependencyResolver.MAX_LAYERS + ": convert it squashed");
    }
    progress.start("Converting", totalSize(image));
    try {
      AppcMapping mapping = new AppcMapping();
      LayeredWriter.Result r = new LayeredWriter(image, sink, progress, mapping).write();
      return new Result(r.layers(), r.converted(), r.topManifest(), mapping.warnings());
    } finally {
      progress.finish();
    }
  }

  private static long totalSize(SourceImage image) {
    long total = 0;
    for (int i = 0; i < image.layerCount(); i++) {
      if (image.layerSize(i) < 0) {
        return -1;
      }
      total += image.layerSize(i);
    }
    return total;
  }
}
