package io.jaci.core.image;

import java.util.List;
import java.util.Set;

/**
 * The media types of Docker schema 2 and OCI images: those jaci reads and the OCI ones
 * (image-spec 1.0) that it writes.
 */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_SCHEMA1 =
      "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_SCHEMA1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /** What a client asks a registry for, most preferred first. */
  public static final List<String> ACCEPTED =
      List.of(OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

  private static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
  private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

  /** Layer types: tar, gzip or zstd (the compression is told by magic bytes anyway). */
  private static final Set<String> LAYERS = Set.of(
      OCI_LAYER,
      OCI_LAYER_GZIP,
      "application/vnd.oci.image.layer.v1.tar+zstd",
      "application/vnd.oci.image.layer.nondistributable.v1.tar",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
      "application/vnd.docker.image.rootfs.diff.tar",
      "application/vnd.docker.image.rootfs.diff.tar.gzip",
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

  private MediaTypes() {}

  /** Whether {@code type} names a manifest of one image. */
  public static boolean isManifest(String type) {
    return MANIFESTS.contains(type);
  }

  /** Whether {@code type} names an OCI index or a Docker manifest list. */
  public static boolean isIndex(String type) {
    return INDEXES.contains(type);
  }

  /** Whether {@code type} names an image layer jaci reads (tar, tar+gzip or tar+zstd). */
  public static boolean isLayer(String type) {
    return LAYERS.contains(type);
  }

  /** Why {@code type} cannot be read, for a message ending "... is TYPE: WHY". */
  public static String unsupported(String type) {
    if (type.equals(DOCKER_SCHEMA1) || type.equals(DOCKER_SCHEMA1_SIGNED)) {
      return "a Docker schema 1 manifest, which jaci does not read (it is deprecated; push the"
          + " image again with a current Docker, skopeo or buildah)";
    }
    return (type.isEmpty() ? "of no media type" : "of media type \"" + type + "\"")
        + ", which is no image manifest or index jaci knows (" + OCI_MANIFEST + ", "
        + DOCKER_MANIFEST + ", " + OCI_INDEX + " or " + DOCKER_MANIFEST_LIST + ")";
  }
}
