package io.jaci.core.run;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where a pod's things are, under the store:
 *
 * <pre>
 * STORE/pods/UUID/state.json          the pod's state, apps' exit codes and times
 * STORE/pods/UUID/holder.sh           the script of the pod's holder process (pid 1 of the pod)
 * STORE/pods/UUID/holder.pid          its process ID on the host, written when it starts
 * STORE/pods/UUID/runtime/            the OCI runtime's state and log
 * STORE/pods/UUID/etc/                the pod's hosts and resolv.conf
 * STORE/pods/UUID/volumes/NAME/       empty volumes
 * STORE/pods/UUID/apps/NAME/          upper/, work/, rootfs/ (the overlay), bundles, exit code
 * STORE/pods/UUID/trees               the cached trees its apps use (kept by image gc meanwhile)
 * </pre>
 */
public record PodDirectory(Path path, UUID uuid) {

  /** The directory of pod {@code uuid} among {@code pods}. */
  public static PodDirectory of(Path pods, UUID uuid) {
    return new PodDirectory(pods.resolve(uuid.toString()), uuid);
  }

  /** The pods directory of a store. */
  public static Path podsOf(Path storeRoot) {
    return storeRoot.resolve("pods");
  }

  /** The cached trees the pod's apps use as lower layers, one path a line (its pins). */
  Path trees() {
    return path().resolve("trees");
  }

  Path state() {
    return path.resolve("state.json");
  }

  Path script() {
    return path.resolve("holder.sh");
  }

  Path holderPid() {
    return path.resolve("holder.pid");
  }

  /** Written by jaci when the pod's network is ready and its apps may start. */
  Path networkReady() {
    return path.resolve("network-ready");
  }

  Path runtimeState() {
    return path.resolve("runtime");
  }

  Path etc() {
    return path.resolve("etc");
  }

  /** The directory of the empty volume {@code name}, shared by the pod's apps. */
  public Path volume(String name) {
    return path.resolve("volumes").resolve(name);
  }

  Path app(String name) {
    return path.resolve("apps").resolve(name);
  }

  /** The runtime's container ID of app {@code name} (also its cgroup's name). */
  String containerId(String app) {
    return "jaci-" + uuid + "-" + app.replace('/', '_');
  }
}
