package io.jaci.core.docker;

import io.jaci.core.registry.Digest;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor: what a manifest says of its config and layers, and an index of
 * its manifests.
 *
 * @param platform for an index entry, else null
 * @param annotations never null
 */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform,
    Map<String, String> annotations) {
  /** The annotation naming an index entry in an OCI layout (its tag, or a full reference). */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** The {@value #REF_NAME} annotation, or null. */
  public String refName() {
    return annotations.get(REF_NAME);
  }
}
