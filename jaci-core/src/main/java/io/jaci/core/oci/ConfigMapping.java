package io.jaci.core.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.docker.DockerConfigAnnotations;
import io.jaci.core.spec.Annotations;
import io.jaci.core.spec.App;
import io.jaci.core.spec.EnvironmentVariable;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.MountPoint;
import io.jaci.core.spec.PlatformTable;
import io.jaci.core.spec.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OCI image config of an ACI's manifest: {@code exec} becomes {@code Entrypoint} and
 * {@code Cmd} as the {@code appc.io/docker/entrypoint} and {@code appc.io/docker/cmd}
 * annotations of a converted Docker image split it (when the two still make up {@code exec}),
 * else all of it {@code Entrypoint} (appc has no separate default arguments);
 * {@code environment} becomes
 * {@code Env}, {@code user}/{@code group} {@code User "user:group"}, {@code workingDirectory}
 * {@code WorkingDir}, every port of {@code ports} an {@code ExposedPorts} key
 * {@code PORT/proto}, {@code mountPoints} {@code Volumes}, {@code userLabels} {@code Labels};
 * the {@code os}/{@code arch} labels become {@code os}/{@code architecture} (and
 * {@code variant}) with appc's names mapped to Go's; the {@code created} and {@code authors}
 * (else docker2aci's {@code author}) annotations become {@code created} and {@code author};
 * the annotations of {@link DockerConfigAnnotations} become {@code StopSignal},
 * {@code Healthcheck}, {@code OnBuild} and {@code Shell} again (Docker's fields; OCI's config
 * has only the first, readers of OCI configs ignore the others or take them as Docker's).
 */
final class ConfigMapping {
  /** Without an {@code os} or {@code arch} label (both are required in an OCI config). */
  static final String DEFAULT_OS = "linux";
  static final String DEFAULT_ARCH = "amd64";
  /** Where docker2aci (and jaci's Docker -> ACI) keep the Docker image's command. */
  static final String DOCKER_ENTRYPOINT = DockerConfigAnnotations.ENTRYPOINT;
  static final String DOCKER_CMD = DockerConfigAnnotations.CMD;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigMapping() {}

  /** {@code [architecture, variant or null]} for an appc {@code arch} label. */
  static String[] architecture(String appcArch) {
    return PlatformTable.byAppcArch(appcArch)
        .map(e -> new String[] {e.goArch(),
            e.goVariant() == null || e.goVariant().isEmpty() ? null : e.goVariant()})
        .orElse(new String[] {appcArch, null});
  }

  /** The config of {@code manifest}, without rootfs and history (see withLayers). */
  static OciConfig of(ImageManifest manifest) {
    String[] arch = architecture(manifest.labels().get("arch").orElse(DEFAULT_ARCH));
    return new OciConfig(
        manifest.annotations().get("created").orElse(null),
        manifest.annotations().get("authors")
            .or(() -> manifest.annotations().get("author")).orElse(null),
        arch[0], arch[1],
        manifest.labels().get("os").orElse(DEFAULT_OS),
        manifest.app().map(app -> container(app, manifest.annotations())).orElse(null),
        null, null);
  }

  /**
   * {@code [Entrypoint, Cmd]} (each null when empty): as the Docker image had them if its
   * annotations still add up to {@code exec}, else {@code exec} as the Entrypoint.
   */
  static List<List<String>> entrypointAndCmd(List<String> exec, Annotations annotations) {
    List<String> entrypoint = stringArray(annotations.get(DOCKER_ENTRYPOINT).orElse(null));
    List<String> cmd = stringArray(annotations.get(DOCKER_CMD).orElse(null));
    if (entrypoint == null || cmd == null || entrypoint.size() + cmd.size() != exec.size()
        || !exec.subList(0, entrypoint.size()).equals(entrypoint)
        || !exec.subList(entrypoint.size(), exec.size()).equals(cmd)) {
      entrypoint = exec;
      cmd = List.of();
    }
    return java.util.Arrays.asList(entrypoint.isEmpty() ? null : entrypoint,
        cmd.isEmpty() ? null : cmd);
  }

  /** A JSON array of strings, else null (the annotation is missing or not such an array). */
  private static List<String> stringArray(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isArray()) {
        return null;
      }
      List<String> out = new ArrayList<>();
      for (JsonNode n : node) {
        if (!n.isTextual()) {
          return null;
        }
        out.add(n.asText());
      }
      return out;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static OciConfig.ContainerConfig container(App app, Annotations annotations) {
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
    List<List<String>> command = entrypointAndCmd(app.exec(), annotations);
    DockerConfigAnnotations docker = DockerConfigAnnotations.of(annotations);
    return new OciConfig.ContainerConfig(
        app.user() + ":" + app.group(),
        ports,
        env,
        command.get(0),
        command.get(1),
        volumes,
        app.workingDirectory(),
        app.userLabels().isEmpty() ? null : new TreeMap<>(app.userLabels()),
        docker.stopSignal(),
        docker.healthcheck() == null ? null : docker.healthcheck().toMap(),
        docker.onBuild(),
        docker.shell());
  }
}
