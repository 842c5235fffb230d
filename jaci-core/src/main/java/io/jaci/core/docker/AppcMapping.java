package io.jaci.core.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.registry.Digest;
import io.jaci.core.spec.AcName;
import io.jaci.core.spec.Annotation;
import io.jaci.core.spec.Annotations;
import io.jaci.core.spec.App;
import io.jaci.core.spec.EnvironmentVariable;
import io.jaci.core.spec.Label;
import io.jaci.core.spec.Labels;
import io.jaci.core.spec.MountPoint;
import io.jaci.core.spec.PlatformTable;
import io.jaci.core.spec.Port;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a Docker/OCI image config to the appc manifest's labels, app and annotations, as
 * docker2aci does (APPC-NOTES.md, "Docker conversion conventions"), fixing what it got
 * wrong: a bare {@code User} takes the user's primary group, and labels of OCI configs count
 * too. What cannot be expressed is left out with a warning.
 */
final class AppcMapping {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z_0-9.-]*");
  private static final Pattern PORT = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/([a-z]+))?");
  private static final Pattern RFC3339 = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
  private static final String DOCKER = DockerConfigAnnotations.PREFIX;

  private final List<String> warnings = new ArrayList<>();

  /** What was left out or kept as a name, one line each. */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** {@code version} (the tag), {@code os} and {@code arch} in appc's names. */
  Labels labels(ImageConfig config, ImageOrigin origin) {
    List<Label> labels = new ArrayList<>();
    if (origin.tag() != null) {
      labels.add(Label.of("version", origin.tag()));
    }
    String os = config.os();
    if (os.equals("linux") || os.equals("freebsd") || os.equals("darwin")) {
      labels.add(Label.of("os", os));
      String arch = arch(os, config.architecture(), config.variant());
      if (arch != null) {
        labels.add(Label.of("arch", arch));
      } else if (!config.architecture().isEmpty()) {
        warnings.add("architecture " + config.architecture() + (config.variant().isEmpty() ? ""
            : "/" + config.variant()) + " has no appc name; the image has no arch label");
      }
    } else if (!os.isEmpty()) {
      warnings.add("os \"" + os + "\" has no appc name; the image has no os label");
    }
    return Labels.of(labels);
  }

  /** Go's architecture names to appc's (amd64, 386 -> i386, arm64 -> aarch64, arm/v7 ...). */
  static String arch(String os, String goArch, String variant) {
    return PlatformTable.byOci(os, goArch, variant).map(PlatformTable.Entry::appcArch)
        .orElse(null);
  }

  /** The app: Entrypoint + Cmd, user and group, Env, WorkingDir, ports, volumes, labels. */
  App app(ImageConfig config, UserFiles users) {
    List<String> exec = new ArrayList<>(config.entrypoint());
    exec.addAll(config.cmd());
    UserFiles.Resolved who = users.resolve(config.user());
    warnings.addAll(who.warnings());
    App.Builder app = App.builder().exec(exec).user(who.user()).group(who.group());
    Map<String, String> env = new LinkedHashMap<>();
    for (String kv : config.env()) {
      int eq = kv.indexOf('=');
      String name = eq < 0 ? kv : kv.substring(0, eq);
      if (ENV_NAME.matcher(name).matches()) {
        env.put(name, eq < 0 ? "" : kv.substring(eq + 1));
      } else {
        warnings.add("environment variable \"" + name + "\" has a name appc does not allow;"
            + " left out");
      }
    }
    List<EnvironmentVariable> vars = new ArrayList<>();
    env.forEach((k, v) -> vars.add(new EnvironmentVariable(k, v)));
    app.environment(vars);
    String dir = config.workingDir();
    if (!dir.isEmpty()) {
      app.workingDirectory(dir.startsWith("/") ? dir : "/" + dir);
    }
    return app.ports(ports(config.exposedPorts())).mountPoints(mountPoints(config.volumes()))
        .userLabels(config.labels()).build();
  }

  private List<Port> ports(List<String> exposed) {
    List<Port> ports = new ArrayList<>();
    for (String p : exposed) {
      Matcher m = PORT.matcher(p);
      if (!m.matches()) {
        warnings.add("exposed port \"" + p + "\" is not PORT[-END][/PROTOCOL]; left out");
        continue;
      }
      int port = Integer.parseInt(m.group(1));
      int end = m.group(2) != null ? Integer.parseInt(m.group(2)) : port;
      String protocol = m.group(3) != null ? m.group(3) : "tcp"; // Docker's default
      String range = m.group(2) != null ? port + "-" + end : String.valueOf(port);
      try {
        ports.add(new Port(AcName.sanitize(range + "-" + protocol), protocol, port,
            end - port + 1, false));
      } catch (IllegalArgumentException e) {
        warnings.add("exposed port \"" + p + "\": " + e.getMessage() + "; left out");
      }
    }
    return ports;
  }

  private static List<MountPoint> mountPoints(List<String> volumes) {
    List<MountPoint> mounts = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String path : volumes) {
      String base = AcName.sanitize("volume-" + path).value();
      String name = base;
      for (int n = 2; !names.add(name); n++) {
        name = base + "-" + n;
      }
      mounts.add(new MountPoint(new AcName(name), path, false));
    }
    return mounts;
  }

  /**
   * The {@code appc.io/docker/*} annotations (with those of {@link DockerConfigAnnotations}),
   * {@code created} and {@code author}.
   */
  Annotations annotations(ImageConfig config, ImageOrigin origin, Digest configDigest) {
    List<Annotation> list = new ArrayList<>();
    if (!origin.registry().isEmpty()) {
      list.add(Annotation.of(DOCKER + "registryurl", origin.registry()));
    }
    list.add(Annotation.of(DOCKER + "repository", origin.repository()));
    list.add(Annotation.of(DOCKER + "imageid", configDigest.toString()));
    list.add(Annotation.of(DOCKER + "entrypoint", json(config.entrypoint())));
    list.add(Annotation.of(DOCKER + "cmd", json(config.cmd())));
    config.dockerOnly().annotations().forEach((k, v) -> list.add(Annotation.of(k, v)));
    if (origin.tag() != null) {
      list.add(Annotation.of(DOCKER + "tag", origin.tag()));
    }
    if (RFC3339.matcher(config.created()).matches()) {
      list.add(Annotation.of("created", config.created()));
    } else if (!config.created().isEmpty()) {
      warnings.add("created \"" + config.created() + "\" is no RFC 3339 date; left out");
    }
    if (!config.author().isEmpty()) {
      list.add(Annotation.of("author", config.author()));
    }
    return Annotations.of(list);
  }

  private static String json(List<String> list) {
    try {
      return JSON.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
