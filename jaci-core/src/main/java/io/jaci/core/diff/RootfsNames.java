package io.jaci.core.diff;

/** Names of rootfs entries ({@code rootfs/etc/passwd}) and clean paths below it. */
final class RootfsNames {
  static final String ROOTFS = "rootfs";

  private RootfsNames() {}

  /** {@code rootfs} gives {@code ""}, {@code rootfs/etc} gives {@code etc}. */
  static String below(String entryName) {
    return entryName.equals(ROOTFS) ? "" : entryName.substring(ROOTFS.length() + 1);
  }

  /** The inverse of {@link #below}. */
  static String entry(String rel) {
    return rel.isEmpty() ? ROOTFS : ROOTFS + "/" + rel;
  }
}
