package io.jaci.core.run;

import java.util.Objects;

/**
 * One volume mounted into one app: h11-run's OCI mount is a bind mount of the volume's
 * directory (the host source, or the pod's directory for an empty volume) at {@link #target}
 * inside the app's rootfs.
 *
 * @param target the clean absolute path in the app ({@code /srv/data}, no {@code .}, {@code ..}
 *     or trailing slash)
 * @param readOnly whether to mount read-only: the volume or the app's mount point says so
 */
public record AppMount(Volume volume, String target, boolean readOnly) {
  public AppMount {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(target, "target");
  }
}
