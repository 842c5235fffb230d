package io.jaci.core.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.jaci.core.registry.Digest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI content descriptor: what a manifest says of its config and layers, and an index of
 * its manifests. The sources read it ({@link #read(JsonNode)}) and the sinks write it (as
 * JSON by Jackson, in this field order, empty fields left out):
 *
 * <pre>{@code
 * {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
 *  "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0",
 *  "size": 32654,
 *  "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"},
 *  "annotations": {"org.opencontainers.image.ref.name": "1.0"}}
 * }</pre>
 *
 * @param mediaType what the blob is; "" when a document gives none
 * @param digest the blob's digest
 * @param size the blob's length in bytes, at least 0
 * @param platform for an index entry, else null
 * @param annotations never null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"mediaType", "digest", "size", "platform", "annotations"})
public record Descriptor(String mediaType,
    @JsonSerialize(using = ToStringSerializer.class) Digest digest, long size,
    Platform platform, Map<String, String> annotations) {
  /** The annotation naming an index entry in an OCI layout (its tag, or a full reference). */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException for a negative size
   */
  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("invalid descriptor of " + digest + ": size " + size
          + " is negative");
    }
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  /** A descriptor without platform and annotations. */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, null);
  }

  /**
   * Reads a descriptor from a manifest's or an index's JSON: the fields above; other fields
   * and annotations that are no strings are ignored.
   *
   * @throws IllegalArgumentException saying what is wrong, for a message "WHERE: ..."
   */
  public static Descriptor read(JsonNode node) {
    if (!node.isObject() || !node.path("digest").isTextual()) {
      throw new IllegalArgumentException("not a descriptor (mediaType, digest, size)");
    }
    Digest digest = Digest.parse(node.path("digest").asText());
    long size = node.path("size").asLong(-1);
    if (size < 0) {
      throw new IllegalArgumentException("no valid \"size\"");
    }
    JsonNode p = node.path("platform");
    Platform platform = p.isObject() ? new Platform(p.path("os").asText(""),
        p.path("architecture").asText(""), p.path("variant").asText("")) : null;
    Map<String, String> annotations = new HashMap<>();
    node.path("annotations").fields().forEachRemaining(e -> {
      if (e.getValue().isTextual()) {
        annotations.put(e.getKey(), e.getValue().asText());
      }
    });
    return new Descriptor(node.path("mediaType").asText(""), digest, size, platform,
        annotations);
  }

  /** This descriptor with {@code tag} as its only annotation ({@value #REF_NAME}). */
  public Descriptor tagged(String tag) {
    return new Descriptor(mediaType, digest, size, platform, Map.of(REF_NAME, tag));
  }

  /** The {@value #REF_NAME} annotation, or null. */
  public String refName() {
    return annotations.get(REF_NAME);
  }
}
