package io.jaci.core.run;

import io.jaci.core.JaciException;
import java.nio.file.Path;
import java.util.List;

/**
 * The users and groups of an image, read from its {@code /etc/passwd} and {@code /etc/group},
 * and the rule that turns an app's {@code user}/{@code group} into numbers.
 *
 * <p>aci.md, app {@code user}, {@code group}: "The user and group values will first be resolved
 * using the image's own /etc/passwd or /etc/group. If no valid matches are found, then if the
 * string is all numerical, it shall be converted to an integer and used as the UID/GID. If the
 * user or group field begins with a "/", the owner and group of the file found at that absolute
 * path inside the rootfs is used as the UID/GID of the process."
 *
 * <p>The image is untrusted: its files are read through {@link RootfsPaths}, so a symlink never
 * leads out of the rootfs, and a file over {@link #MAX_FILE_BYTES} is refused.
 */
public final class ImageUsers {
  /** The largest /etc/passwd or /etc/group read. */
  static final long MAX_FILE_BYTES = 4L << 20;

  private ImageUsers() {}

  /**
   * Reads the image's {@code /etc/passwd} and {@code /etc/group}; either may be missing (then
   * only numbers and paths resolve).
   *
   * @throws JaciException when a file exists but cannot be read, is not a regular file, or is
   *     too large
   */
  public static ImageUsers read(Path rootfs) throws JaciException {
    throw new UnsupportedOperationException("h11-config: not yet");
  }

  /**
   * The identity for an app.
   *
   * @param user the app's user: a name, a number or an absolute path in the rootfs
   * @param group the app's group, likewise
   * @param supplementaryGids the app's {@code supplementaryGIDs} (or {@code
   *     --supplementary-gids}); the groups of {@code /etc/group} that list the user by name are
   *     added after them, as login does
   * @throws JaciException one line naming the user or group that does not resolve
   */
  public AppIdentity resolve(String user, String group, List<Integer> supplementaryGids)
      throws JaciException {
    throw new UnsupportedOperationException("h11-config: not yet");
  }
}
