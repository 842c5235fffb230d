package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.spec.MountPoint;
import java.util.List;
import java.util.Objects;

/**
 * The volumes of a pod and where each app mounts them, after the rules of ace.md ("Volume
 * Setup") and pods.md: every mount point is filled (by a {@code --mount} at its path, else by
 * the volume of its name, else by an implicit empty volume, with a warning); a host volume's
 * source must exist and is never created; targets of one app must not overlap.
 *
 * @param volumes every volume of the pod, the implicit ones included, in order
 * @param apps the mounts of each app, in the order of the apps given to {@link #resolve}
 * @param warnings one line each for implicit volumes and unused volumes
 */
public record MountPlan(List<Volume> volumes, List<List<AppMount>> apps, List<String> warnings) {
  public MountPlan {
    volumes = List.copyOf(volumes);
    apps = apps.stream().map(List::copyOf).toList();
    warnings = List.copyOf(warnings);
  }

  /**
   * What one app asks for.
   *
   * @param appName the app's name, for messages
   * @param mountPoints the app's {@code mountPoints} (image manifest)
   * @param mounts its {@code --mount}s: the pod-wide ones and its own
   */
  public record AppRequest(String appName, List<MountPoint> mountPoints,
      List<MountRequest> mounts) {
    public AppRequest {
      Objects.requireNonNull(appName, "appName");
      mountPoints = List.copyOf(mountPoints);
      mounts = List.copyOf(mounts);
    }
  }

  /**
   * Resolves the pod's mounts.
   *
   * @param volumes the {@code --volume}s
   * @param apps the apps, in pod order
   * @throws JaciException one line: a duplicate volume name, a mount of an unknown volume, a
   *     missing or symlinked host source, overlapping targets, a bad target
   */
  public static MountPlan resolve(List<Volume> volumes, List<AppRequest> apps)
      throws JaciException {
    throw new UnsupportedOperationException("h11-config: not yet");
  }
}
