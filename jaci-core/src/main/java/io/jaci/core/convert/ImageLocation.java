package io.jaci.core.convert;

import io.jaci.core.registry.ImageReference;
import java.nio.file.Path;

/**
 * Where {@code jaci convert} reads an image from or writes it to, in skopeo's transport
 * syntax: {@code docker://HOST[:PORT]/REPO[:TAG|@sha256:HEX]},
 * {@code docker-archive:FILE[:REPO:TAG]}, {@code oci:DIR[:TAG]}, {@code store:[REF]}, or the
 * path of an ACI file.
 */
public sealed interface ImageLocation {
  /** A repository of a registry that speaks the Docker Registry HTTP API v2. */
  record Registry(ImageReference reference) implements ImageLocation {}

  /** A {@code docker save} archive; {@code repoTag} may be null (the only image in it). */
  record DockerArchive(Path file, String repoTag) implements ImageLocation {}

  /** An OCI image layout directory; {@code tag} may be null (the only image in it). */
  record OciLayout(Path directory, String tag) implements ImageLocation {}

  /** An ACI file. */
  record AciFile(Path file) implements ImageLocation {}

  /** jaci's image store; {@code ref} (an image ID prefix or app string) may be null. */
  record Store(String ref) implements ImageLocation {}

  /** True for the appc side (an ACI file or the store), false for the Docker/OCI side. */
  default boolean isAppc() {
    return this instanceof AciFile || this instanceof Store;
  }

  /**
   * Parses a location.
   *
   * @throws IllegalArgumentException one line naming the text and what is wrong
   */
  static ImageLocation parse(String text) {
    if (text.startsWith(ImageReference.PREFIX)) {
      return new Registry(ImageReference.parse(text));
    }
    if (text.startsWith("docker-archive:")) {
      String rest = nonEmpty(text, text.substring("docker-archive:".length()));
      int colon = rest.indexOf(':');
      return colon < 0 ? new DockerArchive(Path.of(rest), null)
          : new DockerArchive(Path.of(nonEmpty(text, rest.substring(0, colon))),
              nonEmpty(text, rest.substring(colon + 1)));
    }
    if (text.startsWith("oci:")) {
      String rest = nonEmpty(text, text.substring("oci:".length()));
      int colon = rest.indexOf(':');
      return colon < 0 ? new OciLayout(Path.of(rest), null)
          : new OciLayout(Path.of(nonEmpty(text, rest.substring(0, colon))),
              nonEmpty(text, rest.substring(colon + 1)));
    }
    if (text.equals("store:")) {
      return new Store(null);
    }
    if (text.startsWith("store:")) {
      return new Store(text.substring("store:".length()));
    }
    if (text.matches("[a-z-]+:.*") && !text.contains("/")) {
      throw new IllegalArgumentException("\"" + text + "\": unknown transport; use docker://,"
          + " docker-archive:, oci:, store: or the path of an .aci file");
    }
    return new AciFile(Path.of(text));
  }

  private static String nonEmpty(String text, String part) {
    if (part.isEmpty()) {
      throw new IllegalArgumentException("\"" + text + "\": a path is missing");
    }
    return part;
  }
}
