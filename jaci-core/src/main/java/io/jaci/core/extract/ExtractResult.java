package io.jaci.core.extract;

import java.util.List;

/**
 * What {@link TreeExtractor#extract} laid down.
 *
 * @param entries entries laid down (those the filter kept, the tree's root included)
 * @param contentBytes bytes of regular file content written
 * @param notRestored one line per kind of metadata or file that could not be restored
 *     without privileges, e.g. {@code owners of 12 files (not running as root)}; empty when
 *     everything was restored
 * @param ownerLockedOut whether, run as a normal user, some entry got a mode that keeps its
 *     owner out (a 0000 file, a 0500 directory): reading the tree back then needs
 *     {@link io.jaci.core.fs.OwnerAccess}
 */
public record ExtractResult(long entries, long contentBytes, List<String> notRestored,
    boolean ownerLockedOut) {
  public ExtractResult {
    notRestored = List.copyOf(notRestored);
  }
}
