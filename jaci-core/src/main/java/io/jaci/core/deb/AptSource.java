package io.jaci.core.deb;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One repository of binary packages as apt knows it: a {@code deb} line or a deb822 stanza
 * with one suite.
 *
 * @param uri the repository's root, e.g. {@code http://mirror.example/debian/}
 * @param suite the suite (or codename), e.g. {@code bookworm}; ending in {@code /} for a flat
 *     repository, whose {@code Packages} lies at {@code uri/suite}
 * @param components e.g. {@code main}; empty for a flat repository
 * @param architectures the {@code arch=} option, empty when not restricted
 * @param signedBy the {@code signed-by} option (a keyring file or key), or empty
 */
public record AptSource(URI uri, String suite, List<String> components,
    List<String> architectures, String signedBy) {

  public AptSource {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(suite, "suite");
    components = List.copyOf(components);
    architectures = List.copyOf(architectures);
    signedBy = signedBy == null ? "" : signedBy;
    if (!uri.toString().endsWith("/")) {
      uri = URI.create(uri + "/");
    }
  }

  /** Whether this repository is flat: no {@code dists/}, the suite is a path. */
  public boolean flat() {
    return suite.endsWith("/");
  }

  /** Whether this source serves {@code arch} (no {@code arch=} option, or one naming it). */
  public boolean serves(String arch) {
    return architectures.isEmpty() || architectures.contains(arch);
  }

  @Override
  public String toString() {
    return uri + " " + suite + (components.isEmpty() ? "" : " " + String.join(" ", components));
  }
}
