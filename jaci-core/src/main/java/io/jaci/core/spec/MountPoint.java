package io.jaci.core.spec;

import java.util.Objects;

/** A place in the app's filesystem where the runtime mounts a volume of the same name. */
public record MountPoint(AcName name, String path, boolean readOnly) {

  /**
   * Checks that the path is set.
   *
   * @throws IllegalArgumentException if {@code path} is empty
   */
  public MountPoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("path: mount point \"" + name + "\" needs a path");
    }
  }
}
