package io.jaci.core.store;

import io.jaci.core.spec.ImageId;
import java.util.List;

/**
 * What {@link ImageStore#gc} removed.
 *
 * @param removedImages images not used within the grace period
 * @param removedBlobs blob files no image refers to (left by an interrupted import or remove)
 * @param removedTempFiles temporary files of imports that died
 * @param freedBytes the bytes these files took
 */
public record GcReport(List<ImageId> removedImages, int removedBlobs, int removedTempFiles,
    long freedBytes) {
  public GcReport {
    removedImages = List.copyOf(removedImages);
  }
}
