package io.jaci.core.oci;

import io.jaci.core.spec.ImageManifest;
import java.util.List;

/**
 * An image ready for a sink: its layers as staged files, lowest first, and the exact bytes of
 * its config and OCI manifest.
 *
 * @param layers the layers, lowest first
 * @param config the config JSON
 * @param manifest the OCI image manifest JSON (pointing to the config and the layers)
 * @param source the manifest of the ACI it was made from (for a default tag, say)
 */
public record OciImage(List<Layer> layers, byte[] config, byte[] manifest, ImageManifest source) {
  public OciImage {
    layers = List.copyOf(layers);
  }

  /**
   * The tag to use when the destination names none: the ACI's {@code version} label when it is
   * a valid tag, else {@code latest}.
   */
  public String defaultTag() {
    return source.labels().get("version")
        .filter(v -> v.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")).orElse("latest");
  }
}
