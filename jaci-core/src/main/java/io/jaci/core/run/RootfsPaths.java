package io.jaci.core.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Resolves an absolute path of an image inside its rootfs as the app would see it after
 * chroot: symlinks are followed, but an absolute target or {@code ..} never leaves the rootfs.
 */
final class RootfsPaths {
  /** As the kernel's MAXSYMLINKS: more links in one lookup is a loop. */
  static final int MAX_LINKS = 40;

  private RootfsPaths() {}

  /**
   * The host path of {@code path} (absolute, as in the image) under {@code rootfs}; the last
   * component is resolved too when it is a symlink. The result may not exist.
   *
   * @throws IOException when a symlink loop is found or a link cannot be read
   */
  static Path resolve(Path rootfs, String path) throws IOException {
    throw new UnsupportedOperationException("h11-config: not yet");
  }
}
