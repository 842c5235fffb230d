package io.jaci.core.aci;

import java.util.List;

/**
 * The outcome of validating one image, manifest or layout.
 *
 * @param path what was validated
 * @param kind what it turned out to be: {@code image manifest}, {@code image layout} or
 *     {@code image archive}
 * @param errors the problems found, each a line of its own; empty when valid. At most the
 *     first 20 are listed, then a line {@code ... and N more}
 * @param warnings remarks that do not make it invalid (listed the same way)
 * @param errorCount how many problems were found, listed or not
 */
public record ValidationReport(String path, String kind, List<String> errors,
    List<String> warnings, long errorCount) {
  public ValidationReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    if (errorCount < errors.size()) {
      throw new IllegalArgumentException("errorCount " + errorCount + " < " + errors.size());
    }
  }

  /** A report listing every problem it counts. */
  public ValidationReport(String path, String kind, List<String> errors,
      List<String> warnings) {
    this(path, kind, errors, warnings, errors.size());
  }

  public boolean valid() {
    return errors.isEmpty();
  }
}
