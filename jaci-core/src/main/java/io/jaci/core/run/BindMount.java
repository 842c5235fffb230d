package io.jaci.core.run;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host path bound into an app's rootfs at {@code target} (absolute, inside the app).
 *
 * @param source the host file or directory; it must exist (a run never creates a host path)
 * @param target where the app sees it
 * @param readOnly whether writes through it are refused
 */
public record BindMount(Path source, String target, boolean readOnly) {
  public BindMount {
    Objects.requireNonNull(source, "source");
    if (!source.isAbsolute()) {
      throw new IllegalArgumentException("mount source \"" + source + "\" must be absolute");
    }
    if (target == null || !target.startsWith("/")) {
      throw new IllegalArgumentException("mount target \"" + target + "\" must be absolute");
    }
  }
}
