package io.jaci.core.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * An OCI content descriptor: what a manifest or index says about a blob it points to.
 *
 * <pre>{@code
 * {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
 *  "digest": "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0",
 *  "size": 32654,
 *  "annotations": {"org.opencontainers.image.ref.name": "1.0"}}
 * }</pre>
 *
 * @param mediaType what the blob is
 * @param digest {@code sha256:} and 64 hex digits
 * @param size the blob's length in bytes
 * @param annotations may be null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"mediaType", "digest", "size", "annotations"})
public record Descriptor(String mediaType, String digest, long size,
    Map<String, String> annotations) {
  /** The annotation of an index entry that names its tag. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  /** A descriptor without annotations. */
  public static Descriptor of(String mediaType, Blob blob) {
    return new Descriptor(mediaType, blob.digest().toString(), blob.size(), null);
  }
}
