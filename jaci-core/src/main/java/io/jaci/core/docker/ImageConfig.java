package io.jaci.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.image.Platform;
import io.jaci.core.registry.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What jaci takes from an image's config (the OCI image config, Docker's config blob, or a
 * legacy {@code docker save} layer's {@code json}, which share these fields):
 *
 * <pre>{@code
 * {"architecture": "amd64", "os": "linux", "created": "2024-01-02T03:04:05Z", "author": "a",
 *  "config": {"User": "redis", "Env": ["PATH=/usr/bin"], "Entrypoint": ["/entry"],
 *             "Cmd": ["redis-server"], "WorkingDir": "/data",
 *             "ExposedPorts": {"6379/tcp": {}}, "Volumes": {"/data": {}},
 *             "Labels": {"maintainer": "x"}},
 *  "rootfs": {"type": "layers", "diff_ids": ["sha256:..."]}}
 * }</pre>
 *
 * @param diffIds the digests of the uncompressed layers, bottom first (empty when the config
 *     has none, as in legacy archives)
 * @param dockerOnly {@code StopSignal}, {@code Healthcheck}, {@code OnBuild} and {@code Shell}
 */
public record ImageConfig(String os, String architecture, String variant, String user,
    List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
    List<String> exposedPorts, List<String> volumes, Map<String, String> labels,
    String created, String author, List<Digest> diffIds, DockerConfigAnnotations dockerOnly) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ImageConfig {
    dockerOnly = dockerOnly == null ? DockerConfigAnnotations.NONE : dockerOnly;
  }

  /** A config without StopSignal, Healthcheck, OnBuild and Shell. */
  public ImageConfig(String os, String architecture, String variant, String user,
      List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
      List<String> exposedPorts, List<String> volumes, Map<String, String> labels,
      String created, String author, List<Digest> diffIds) {
    this(os, architecture, variant, user, env, entrypoint, cmd, workingDir, exposedPorts,
        volumes, labels, created, author, diffIds, DockerConfigAnnotations.NONE);
  }

  /**
   * Parses a config.
   *
   * @param what names the config in messages
   */
  public static ImageConfig parse(byte[] json, String what) throws JaciException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new JaciException(what + ": the image config is not JSON: " + ManifestDocuments.jsonProblem(e));
    }
    if (root == null || !root.isObject()) {
      throw new JaciException(what + ": the image config is not a JSON object");
    }
    JsonNode c = root.path("config");
    List<Digest> diffIds = new ArrayList<>();
    for (JsonNode d : root.path("rootfs").path("diff_ids")) {
      try {
        diffIds.add(Digest.parse(d.asText()));
      } catch (IllegalArgumentException e) {
        throw new JaciException(what + ": rootfs.diff_ids: " + e.getMessage());
      }
    }
    return new ImageConfig(root.path("os").asText(""), root.path("architecture").asText(""),
        root.path("variant").asText(""), c.path("User").asText(""), strings(c.path("Env")),
        strings(c.path("Entrypoint")), strings(c.path("Cmd")), c.path("WorkingDir").asText(""),
        keys(c.path("ExposedPorts")), keys(c.path("Volumes")), map(c.path("Labels")),
        root.path("created").asText(""), root.path("author").asText(""), List.copyOf(diffIds),
        DockerConfigAnnotations.parse(c, what));
  }

  /** The platform the config declares. */
  public Platform platform() {
    return new Platform(os, architecture, variant);
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    for (JsonNode n : array) {
      list.add(n.asText());
    }
    return List.copyOf(list);
  }

  private static List<String> keys(JsonNode object) {
    List<String> list = new ArrayList<>();
    object.fieldNames().forEachRemaining(list::add);
    return List.copyOf(list);
  }

  private static Map<String, String> map(JsonNode object) {
    Map<String, String> m = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return java.util.Collections.unmodifiableMap(m);
  }
}
