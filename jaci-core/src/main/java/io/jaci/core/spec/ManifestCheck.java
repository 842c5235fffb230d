package io.jaci.core.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of checking a manifest's JSON: the manifest if it is valid, and every error and
 * warning found, each as {@code JSONPATH: message} (e.g. {@code app.ports[1].port: 0 is outside
 * 1..65535}).
 *
 * @param manifest present if and only if {@code errors} is empty
 * @param errors what makes the manifest invalid, in document order
 * @param warnings what jaci accepts but the user may want to know (unknown isolators, ...)
 */
public record ManifestCheck(
    Optional<ImageManifest> manifest, List<String> errors, List<String> warnings) {

  /** Copies the lists and checks that a manifest is present exactly when there are no errors. */
  public ManifestCheck {
    Objects.requireNonNull(manifest, "manifest");
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    if (manifest.isPresent() != errors.isEmpty()) {
      throw new IllegalArgumentException(
          "a manifest check has a manifest if and only if it has no errors");
    }
  }

  /** True if the manifest is valid (there may still be warnings). */
  public boolean isValid() {
    return errors.isEmpty();
  }
}
