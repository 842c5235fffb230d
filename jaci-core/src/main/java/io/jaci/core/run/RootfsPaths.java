package io.jaci.core.run;

import io.jaci.core.fs.TreePaths;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Resolves an absolute path of an image inside its rootfs as the app would see it after
 * chroot: symlinks are followed, but an absolute target or {@code ..} never leaves the rootfs
 * ({@link TreePaths} with {@link TreePaths.Links#AS_AFTER_CHROOT}).
 */
public final class RootfsPaths {
  private RootfsPaths() {}

  /**
   * The host path of {@code path} (absolute, as in the image) under {@code rootfs}; the last
   * component is resolved too when it is a symlink. The result may not exist.
   *
   * @throws IOException when a symlink loop is found or a link cannot be read
   */
  public static Path resolve(Path rootfs, String path) throws IOException {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("\"" + path + "\" must be an absolute path");
    }
    try {
      return TreePaths.resolve(rootfs, path, TreePaths.Links.AS_AFTER_CHROOT);
    } catch (TreePaths.TooManyLinks e) {
      throw new IOException(path + ": " + e.getMessage() + " in the image", e);
    }
  }
}
