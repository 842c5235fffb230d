package io.jaci.core.docker;

import io.jaci.core.spec.AcIdentifier;
import java.util.Objects;

/**
 * Where an image came from, which names its appc image: the registry host (empty for local
 * archives and layouts), the repository and the tag.
 *
 * @param registry {@code HOST[:PORT]}, or "" when the image is not from a registry
 * @param repository e.g. {@code library/redis}; for archives and layouts the repository of
 *     their tag, else a name derived from the file
 * @param tag the tag, or null when none is known
 */
public record ImageOrigin(String registry, String repository, String tag) {
  public ImageOrigin {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
  }

  /**
   * The origin named by a reference as archives and layouts write it: {@code REPO:TAG},
   * {@code HOST[:PORT]/REPO:TAG}, or a bare tag, in which case {@code fallbackRepository}
   * is the repository. A host part is kept in the repository (it has no registry to speak
   * to).
   */
  public static ImageOrigin ofReference(String reference, String fallbackRepository) {
    if (reference == null || reference.isEmpty()) {
      return new ImageOrigin("", fallbackRepository, null);
    }
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    int at = reference.indexOf('@');
    String name = at >= 0 ? reference.substring(0, at) : reference;
    if (colon > slash && (at < 0 || colon < at)) {
      return new ImageOrigin("", name.substring(0, colon), name.substring(colon + 1));
    }
    if (slash < 0 && at < 0) {
      return new ImageOrigin("", fallbackRepository, reference); // only a tag
    }
    return new ImageOrigin("", name, null);
  }

  /**
   * The appc name: registry host and repository, sanitized as the reference's
   * {@code SanitizeACIdentifier} does (lower case, other characters such as a port's
   * {@code :} become {@code _}), e.g. {@code 127.0.0.1_5000/team/app}.
   */
  public AcIdentifier aciName() {
    return AcIdentifier.sanitize(registry.isEmpty() ? repository : registry + "/" + repository);
  }
}
