package io.jaci.core.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.docker.DockerConfigAnnotations;
import io.jaci.core.docker.ImageConfig;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.App;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.Port;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Docker image config a stage builds up (what {@code ENV}, {@code USER}, {@code WORKDIR},
 * {@code CMD}... set), read back from its base's manifest and turned into a Docker config for
 * the mapping {@code jaci convert} uses. What appc has no field for ({@code STOPSIGNAL},
 * {@code HEALTHCHECK}, {@code ONBUILD}, {@code SHELL}) is kept in the annotations of
 * {@link DockerConfigAnnotations}, as {@code jaci convert} keeps it, so that a later build FROM the image sees it. A base without PATH gets BuildKit's
 * default PATH, as the last variable.
 */
final class StageConfig {
  static final String ENTRYPOINT = DockerConfigAnnotations.ENTRYPOINT;
  static final String CMD = DockerConfigAnnotations.CMD;
  static final List<String> DEFAULT_SHELL = DockerConfigAnnotations.DEFAULT_SHELL;
  /** What BuildKit sets PATH to in a stage whose base has none (its DefaultPathEnv). */
  static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, String> env = new LinkedHashMap<>();
  String user = "";
  String workdir = "/";
  List<String> entrypoint = List.of();
  List<String> cmd = List.of();
  List<String> shell = DEFAULT_SHELL;
  final Set<String> exposed = new LinkedHashSet<>();
  final Set<String> volumes = new LinkedHashSet<>();
  final Map<String, String> labels = new LinkedHashMap<>();
  String stopSignal;
  DockerConfigAnnotations.Healthcheck healthcheck;
  List<String> onbuild = new ArrayList<>();
  String author;

  private StageConfig() {}

  /** The config of FROM scratch: nothing but the default PATH. */
  static StageConfig scratch() {
    StageConfig c = new StageConfig();
    c.env.put("PATH", DEFAULT_PATH);
    return c;
  }

  /** The config of a base image, read from its manifest. */
  static StageConfig of(ImageManifest base) {
    StageConfig c = new StageConfig();
    Optional<App> app = base.app();
    Optional<String> ep = annotation(base, ENTRYPOINT);
    Optional<String> cmd = annotation(base, CMD);
    if (app.isPresent()) {
      App a = app.get();
      a.environment().forEach(e -> c.env.put(e.name(), e.value()));
      String u = a.user();
      String g = a.group();
      c.user = u.equals("0") && g.equals("0") ? "" : g.isEmpty() ? u : u + ":" + g;
      c.workdir = a.workingDirectory() == null || a.workingDirectory().isEmpty() ? "/"
          : a.workingDirectory();
      if (ep.isPresent() || cmd.isPresent()) {
        c.entrypoint = ep.map(StageConfig::list).orElse(List.of());
        c.cmd = cmd.map(StageConfig::list).orElse(List.of());
      } else {
        c.cmd = a.exec();
      }
      for (Port p : a.ports()) {
        c.exposed.add(p.port() + (p.count() > 1 ? "-" + (p.port() + p.count() - 1) : "") + "/"
            + p.protocol());
      }
      a.mountPoints().forEach(m -> c.volumes.add(m.path()));
      c.labels.putAll(a.userLabels());
    }
    DockerConfigAnnotations docker = DockerConfigAnnotations.of(base.annotations());
    c.stopSignal = docker.stopSignal();
    c.healthcheck = docker.healthcheck();
    c.shell = docker.shell().isEmpty() ? DEFAULT_SHELL : docker.shell();
    c.onbuild = new ArrayList<>(docker.onBuild());
    // BuildKit: "make sure that PATH is always set", after the base's variables
    c.env.putIfAbsent("PATH", DEFAULT_PATH);
    return c;
  }

  private static Optional<String> annotation(ImageManifest m, String name) {
    return m.annotations().get(name);
  }

  static List<String> list(String json) {
    try {
      List<String> out = new ArrayList<>();
      JSON.readTree(json).forEach(n -> out.add(n.asText()));
      return List.copyOf(out);
    } catch (IOException e) {
      return List.of();
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Docker config these settings make (os and arch from the base's labels). */
  ImageConfig toDockerConfig(String os, String arch) {
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    return new ImageConfig(os, arch, "", user, envList, entrypoint, cmd,
        workdir.equals("/") ? "" : workdir, List.copyOf(exposed), List.copyOf(volumes),
        Map.copyOf(labels), "", author == null ? "" : author, List.of(), dockerOnly());
  }

  /** STOPSIGNAL, HEALTHCHECK, ONBUILD and SHELL as {@code jaci convert} keeps them. */
  DockerConfigAnnotations dockerOnly() {
    return new DockerConfigAnnotations(stopSignal, healthcheck, onbuild, shell);
  }

  /** What the cache key of the final image sees of this config. */
  String fingerprint() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", env);
    m.put("user", user);
    m.put("workdir", workdir);
    m.put("entrypoint", entrypoint);
    m.put("cmd", cmd);
    m.put("shell", shell);
    m.put("exposed", exposed);
    m.put("volumes", volumes);
    m.put("labels", labels);
    m.put("stopsignal", stopSignal);
    m.put("healthcheck", healthcheck == null ? null : healthcheck.json());
    m.put("onbuild", onbuild);
    m.put("author", author);
    return json(m);
  }

  /**
   * The final manifest: {@code base} (the last step's) named {@code name} with {@code labels},
   * the mapped {@code app}, and the annotations of what appc has no field for.
   */
  ImageManifest manifest(ImageManifest base, AcIdentifier name, Map<String, String> newLabels,
      App app, String created) {
    ImageManifest.Builder b = base.toBuilder().name(name).app(app);
    for (Map.Entry<String, String> l : newLabels.entrySet()) {
      b.label(l.getKey(), l.getValue());
    }
    b.annotation(ENTRYPOINT, json(entrypoint));
    b.annotation(CMD, json(cmd));
    dockerOnly().annotations().forEach(b::annotation);
    if (author != null) {
      b.annotation("author", author);
    }
    if (created != null) {
      b.annotation("created", created);
    }
    return b.build();
  }
}
