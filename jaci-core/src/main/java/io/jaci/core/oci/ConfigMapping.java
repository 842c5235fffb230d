package io.jaci.core.oci;

import io.jaci.core.spec.App;
import io.jaci.core.spec.EnvironmentVariable;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.MountPoint;
import io.jaci.core.spec.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OCI image config of an ACI's manifest: {@code exec} becomes {@code Entrypoint} (with an
 * empty {@code Cmd}, as appc has no separate default arguments), {@code environment} becomes
 * {@code Env}, {@code user}/{@code group} {@code User "user:group"}, {@code workingDirectory}
 * {@code WorkingDir}, every port of {@code ports} an {@code ExposedPorts} key
 * {@code PORT/proto}, {@code mountPoints} {@code Volumes}, {@code userLabels} {@code Labels};
 * the {@code os}/{@code arch} labels become {@code os}/{@code architecture} (and
 * {@code variant}) with appc's names mapped to Go's; the {@code created} and {@code authors}
 * annotations become {@code created} and {@code author}.
 */
final class ConfigMapping {
  /** Without an {@code os} or {@code arch} label (both are required in an OCI config). */
  static final String DEFAULT_OS = "linux";
  static final String DEFAULT_ARCH = "amd64";

  private ConfigMapping() {}

  /** {@code [architecture, variant or null]} for an appc {@code arch} label. */
  static String[] architecture(String appcArch) {
    return switch (appcArch) {
      case "aarch64" -> new String[] {"arm64", null};
      case "aarch64_be" -> new String[] {"arm64be", null};
      case "i386" -> new String[] {"386", null};
      case "x86_64" -> new String[] {"amd64", null};
      case "armv6l" -> new String[] {"arm", "v6"};
      case "armv7l", "armv7b" -> new String[] {"arm", "v7"};
      case "arm" -> new String[] {"arm", null};
      default -> new String[] {appcArch, null}; // amd64, ppc64, ppc64le, s390x are the same
    };
  }

  /** The config of {@code manifest}, without rootfs and history (see withLayers). */
  static OciConfig of(ImageManifest manifest) {
    String[] arch = architecture(manifest.labels().get("arch").orElse(DEFAULT_ARCH));
    return new OciConfig(
        manifest.annotations().get("created").orElse(null),
        manifest.annotations().get("authors").orElse(null),
        arch[0], arch[1],
        manifest.labels().get("os").orElse(DEFAULT_OS),
        manifest.app().map(ConfigMapping::container).orElse(null),
        null, null);
  }

  private static OciConfig.ContainerConfig container(App app) {
    List<String> env = new ArrayList<>();
    for (EnvironmentVariable v : app.environment()) {
      env.add(v.name() + "=" + v.value());
    }
    Map<String, Map<String, Object>> ports = new TreeMap<>();
    for (Port p : app.ports()) {
      for (int i = 0; i < p.count(); i++) {
        ports.put((p.port() + i) + "/" + p.protocol(), Map.of());
      }
    }
    Map<String, Map<String, Object>> volumes = new TreeMap<>();
    for (MountPoint m : app.mountPoints()) {
      volumes.put(m.path(), Map.of());
    }
    return new OciConfig.ContainerConfig(
        app.user() + ":" + app.group(),
        ports,
        env,
        app.exec().isEmpty() ? null : app.exec(),
        null,
        volumes,
        app.workingDirectory(),
        app.userLabels().isEmpty() ? null : new TreeMap<>(app.userLabels()));
  }
}
