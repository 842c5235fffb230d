package io.jaci.core.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code oci-layout} file at the top of an OCI image layout.
 *
 * <pre>{@code {"imageLayoutVersion": "1.0.0"}}</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OciLayoutMarker(String imageLayoutVersion) {
  public static final String VERSION = "1.0.0";
}
