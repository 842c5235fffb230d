package io.jaci.core.serve;

import io.jaci.core.spec.ImageId;
import io.jaci.core.store.StoredImage;
import java.util.Optional;

/**
 * The URL paths of a served tree, the same for {@code jaci serve} and for the files {@code
 * jaci serve --export} writes:
 *
 * <pre>
 * /                                         the web page (with the discovery meta tags)
 * /REST/                                    the discovery page of the name HOST/REST
 * /images/NAME/VERSION-OS-ARCH.aci[.asc]    an image by name and labels (VERSION may be latest)
 * /images/by-id/sha512-HEX.aci[.asc]        an image by ID
 * /images/by-id/sha512-HEX.manifest.json    its manifest
 * /pubkeys.gpg                              the public keys its signatures verify with
 * </pre>
 */
final class ServedPaths {
  static final String IMAGES = "/images/";
  static final String BY_ID = IMAGES + "by-id/";
  static final String PUBKEYS = "/pubkeys.gpg";
  static final String MANIFEST_SUFFIX = ".manifest.json";

  private ServedPaths() {}

  static String byId(ImageId id, String suffix) {
    return BY_ID + id + suffix;
  }

  static String aci(StoredImage image) {
    return byId(image.id(), ".aci");
  }

  static String manifest(StoredImage image) {
    return byId(image.id(), MANIFEST_SUFFIX);
  }

  /** The discovery-template path of {@code image} at {@code version}, when it has one. */
  static Optional<String> byName(StoredImage image, String version) {
    return ImageVersions.fileName(image, version)
        .map(file -> IMAGES + image.manifest().name() + "/" + file);
  }
}
