package io.jaci.core.aci;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;

/**
 * The rules that make a built ACI the same bytes for the same tree: the manifest entry has
 * fixed metadata, and {@code SOURCE_DATE_EPOCH} clamps every mtime. Order and field
 * encoding are fixed by {@link io.jaci.core.fs.TreeScanner} and
 * {@link io.jaci.core.tar.TarWriter}.
 */
final class ReproducibleEntries {
  private final Long sourceDateEpoch;
  private final boolean ownerRoot;

  ReproducibleEntries(Long sourceDateEpoch, boolean ownerRoot) {
    this.sourceDateEpoch = sourceDateEpoch;
    this.ownerRoot = ownerRoot;
  }

  /** The manifest is root's, mode 0644, dated SOURCE_DATE_EPOCH or the epoch itself. */
  TarHeader manifestHeader(long size) {
    long mtime = sourceDateEpoch != null ? sourceDateEpoch : 0;
    return new TarHeader("manifest", TarEntryType.REGULAR, 0644, 0, 0, size, mtime, "", 0, 0,
        null);
  }

  TarHeader apply(TarHeader h) {
    TarHeader r = h;
    if (sourceDateEpoch != null && r.mtime() > sourceDateEpoch) {
      r = r.withMtime(sourceDateEpoch);
    }
    if (ownerRoot) {
      r = r.withOwner(0, 0);
    }
    return r;
  }
}
