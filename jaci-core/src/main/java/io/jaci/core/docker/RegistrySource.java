package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.image.Descriptor;
import io.jaci.core.image.MediaTypes;
import io.jaci.core.image.Platform;
import io.jaci.core.registry.ImageReference;
import io.jaci.core.registry.RegistryClient;
import io.jaci.core.registry.RegistryManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an image from a registry (HTTP API v2): the manifest by tag or digest, through an
 * index or manifest list to the wanted platform, the config, and the layers as streams that
 * {@link RegistryClient} checks against their digests.
 */
final class RegistrySource {
  private RegistrySource() {}

  static SourceImage open(RegistryClient client, ImageReference ref, Platform platform)
      throws JaciException {
    RegistryManifest top = client.manifest(ref, MediaTypes.ACCEPTED);
    ManifestResolver resolver = new ManifestResolver(platform, d -> {
      RegistryManifest m = client.manifest(ref.withDigest(d.digest()), MediaTypes.ACCEPTED);
      return new ManifestResolver.Document(m.bytes(), m.mediaType());
    });
    ManifestDocuments.Manifest manifest = resolver.resolve(
        new ManifestResolver.Document(top.bytes(), top.mediaType()), ref.toString());
    Descriptor config = manifest.config();
    byte[] configBytes;
    try (InputStream in = client.blob(ref, config.digest(), config.size())) {
      configBytes = in.readNBytes(LayoutFiles.MAX_JSON);
      if (in.read() >= 0) {
        throw new JaciException(ref + ": the image config is over " + (LayoutFiles.MAX_JSON >> 20)
            + " MiB");
      }
    } catch (IOException e) {
      throw new JaciException(ref + ": reading the image config: " + e.getMessage(), e);
    }
    List<Long> sizes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Descriptor layer : manifest.layers()) {
      sizes.add(layer.size());
      names.add(ref.repositoryUrl() + ": layer " + layer.digest());
    }
    return new OpenedImage(new ImageOrigin(ref.registry(), ref.repository(), ref.tag()),
        config.digest(), ImageConfig.parse(configBytes, ref + ": config " + config.digest()),
        sizes, names, i -> {
          Descriptor layer = manifest.layers().get(i);
          return client.blob(ref, layer.digest(), layer.size());
        }, true, () -> {});
  }
}
