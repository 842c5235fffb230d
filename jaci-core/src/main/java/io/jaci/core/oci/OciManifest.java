package io.jaci.core.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jaci.core.image.Descriptor;
import io.jaci.core.image.MediaTypes;
import java.util.List;

/**
 * An OCI image manifest ({@code application/vnd.oci.image.manifest.v1+json}).
 *
 * <pre>{@code
 * {"schemaVersion": 2,
 *  "mediaType": "application/vnd.oci.image.manifest.v1+json",
 *  "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
 *             "digest": "sha256:b5b2...", "size": 7023},
 *  "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
 *              "digest": "sha256:9834...", "size": 32654}]}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "mediaType", "config", "layers"})
public record OciManifest(int schemaVersion, String mediaType, Descriptor config,
    List<Descriptor> layers) {
  /** A manifest of {@code config} and {@code layers}, lowest layer first. */
  public static OciManifest of(Descriptor config, List<Descriptor> layers) {
    return new OciManifest(2, MediaTypes.OCI_MANIFEST, config, List.copyOf(layers));
  }
}
