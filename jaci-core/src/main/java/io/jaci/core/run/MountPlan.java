package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcName;
import io.jaci.core.spec.MountPoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    Map<AcName, Volume> byName = new LinkedHashMap<>();
    for (Volume volume : volumes) {
      if (byName.put(volume.name(), volume) != null) {
        throw new JaciException("--volume " + volume.name() + " is given twice; name each "
            + "volume once");
      }
      if (volume.source().isPresent()) {
        HostSources.check(volume.name(), volume.source().get());
      }
    }
    List<String> warnings = new ArrayList<>();
    Set<AcName> used = new HashSet<>();
    List<List<AppMount>> planned = new ArrayList<>();
    for (AppRequest app : apps) {
      List<AppMount> mounts = mountsOf(app, byName, warnings);
      checkOverlaps(app.appName(), mounts);
      mounts.forEach(m -> used.add(m.volume().name()));
      planned.add(mounts);
    }
    for (AcName name : byName.keySet()) {
      if (!used.contains(name)) {
        warnings.add("volume " + name + " is not mounted by any app (no mount point or --mount "
            + "names it)");
      }
    }
    return new MountPlan(List.copyOf(byName.values()), planned, warnings);
  }

  private static List<AppMount> mountsOf(AppRequest app, Map<AcName, Volume> volumes,
      List<String> warnings) throws JaciException {
    Map<String, MountPoint> pointsByPath = new LinkedHashMap<>();
    for (MountPoint point : app.mountPoints()) {
      String path;
      try {
        path = MountTargets.clean(point.path());
      } catch (IllegalArgumentException e) {
        throw new JaciException("app " + app.appName() + ": the image's mount point "
            + point.name() + ": " + e.getMessage());
      }
      pointsByPath.putIfAbsent(path, point);
    }
    List<AppMount> mounts = new ArrayList<>();
    Set<String> filled = new HashSet<>();
    for (MountRequest request : app.mounts()) {
      Volume volume = volumes.get(request.volume());
      if (volume == null) {
        throw new JaciException("--mount volume=" + request.volume() + ",target="
            + request.target() + ": there is no --volume " + request.volume() + "; add --volume "
            + request.volume() + ",kind=empty or kind=host,source=PATH");
      }
      MountPoint point = pointsByPath.get(request.target());
      mounts.add(new AppMount(volume, request.target(),
          volume.readOnly() || (point != null && point.readOnly())));
      filled.add(request.target());
    }
    for (Map.Entry<String, MountPoint> e : pointsByPath.entrySet()) {
      if (filled.contains(e.getKey())) {
        continue;
      }
      MountPoint point = e.getValue();
      // pods.md: a pod manifest "must have all mountPoints satisfied by volumes"; as rkt did,
      // the volume of the mount point's name fills it, else an empty one is made for it.
      Volume volume = volumes.get(point.name());
      if (volume == null) {
        volume = Volume.implicitEmpty(point.name());
        volumes.put(point.name(), volume);
        warnings.add("app " + app.appName() + ": mount point " + point.name() + " (" + e.getKey()
            + ") has no volume, using an empty one; give --volume " + point.name()
            + ",kind=host,source=PATH to keep its data");
      }
      mounts.add(new AppMount(volume, e.getKey(), volume.readOnly() || point.readOnly()));
    }
    return mounts;
  }

  private static void checkOverlaps(String appName, List<AppMount> mounts)
      throws JaciException {
    for (int i = 0; i < mounts.size(); i++) {
      for (int j = i + 1; j < mounts.size(); j++) {
        AppMount a = mounts.get(i);
        AppMount b = mounts.get(j);
        if (MountTargets.overlap(a.target(), b.target())) {
          // ace.md: "If multiple targets have overlapping target paths (for example, if one is
          // nested within another), the ACE SHOULD consider this an error."
          throw new JaciException("app " + appName + ": mounts overlap: volume "
              + a.volume().name() + " at " + a.target() + " and volume " + b.volume().name()
              + " at " + b.target() + "; give each volume its own, separate path");
        }
      }
    }
  }
}
