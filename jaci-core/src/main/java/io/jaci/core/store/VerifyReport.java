package io.jaci.core.store;

import java.util.List;

/**
 * What {@link ImageStore#verify} found.
 *
 * @param checkedImages how many images were re-hashed
 * @param problems damage: an indexed image whose blob is missing, truncated or does not match
 *     its ID, or a damaged index; each a line naming the image
 * @param notes harmless leftovers that {@code gc} removes (blobs without an image, temporary
 *     files of imports that died)
 * @param repaired what the repair did, a line per action; empty without repair
 */
public record VerifyReport(int checkedImages, List<String> problems, List<String> notes,
    List<String> repaired) {
  public VerifyReport {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
    repaired = List.copyOf(repaired);
  }

  /** True when nothing is damaged: every indexed image is present and matches its ID. */
  public boolean clean() {
    return problems.isEmpty();
  }
}
