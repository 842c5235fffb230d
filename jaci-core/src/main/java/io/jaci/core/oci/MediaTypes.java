package io.jaci.core.oci;

/** The OCI media types jaci writes (image-spec 1.0). */
public final class MediaTypes {
  public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

  private MediaTypes() {}
}
