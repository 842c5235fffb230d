package io.jaci.core.aci;

import java.util.List;

/**
 * The outcome of validating one image, manifest or layout.
 *
 * @param path what was validated
 * @param kind what it turned out to be: {@code image manifest}, {@code image layout} or
 *     {@code image archive}
 * @param errors every problem found, each a line of its own; empty when valid
 * @param warnings remarks that do not make it invalid
 */
public record ValidationReport(String path, String kind, List<String> errors,
    List<String> warnings) {
  public ValidationReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean valid() {
    return errors.isEmpty();
  }
}
