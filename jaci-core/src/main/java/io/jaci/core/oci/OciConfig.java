package io.jaci.core.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * An OCI image configuration ({@code application/vnd.oci.image.config.v1+json}), the fields
 * jaci writes.
 *
 * <pre>{@code
 * {"created": "2026-01-02T03:04:05Z",
 *  "architecture": "arm64", "os": "linux",
 *  "config": {"User": "1000:1000", "ExposedPorts": {"80/tcp": {}},
 *             "Env": ["PATH=/usr/bin"], "Entrypoint": ["/bin/app", "--serve"],
 *             "Volumes": {"/data": {}}, "WorkingDir": "/srv",
 *             "Labels": {"maintainer": "ops"}, "StopSignal": "SIGTERM"},
 *  "rootfs": {"type": "layers", "diff_ids": ["sha256:5f70..."]},
 *  "history": [{"created": "2026-01-02T03:04:05Z",
 *               "created_by": "jaci convert example.com/app (sha512-0123456789ab)"}]}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"created", "author", "architecture", "variant", "os", "config", "rootfs",
    "history"})
public record OciConfig(String created, String author, String architecture, String variant,
    String os, ContainerConfig config, RootFs rootfs, List<History> history) {

  /** What a container of the image runs, and how. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes",
      "WorkingDir", "Labels", "StopSignal", "Healthcheck", "OnBuild", "Shell"})
  public record ContainerConfig(
      @JsonProperty("User") String user,
      @JsonProperty("ExposedPorts") Map<String, Map<String, Object>> exposedPorts,
      @JsonProperty("Env") List<String> env,
      @JsonProperty("Entrypoint") List<String> entrypoint,
      @JsonProperty("Cmd") List<String> cmd,
      @JsonProperty("Volumes") Map<String, Map<String, Object>> volumes,
      @JsonProperty("WorkingDir") String workingDir,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("StopSignal") String stopSignal,
      @JsonProperty("Healthcheck") Map<String, Object> healthcheck,
      @JsonProperty("OnBuild") List<String> onBuild,
      @JsonProperty("Shell") List<String> shell) {}

  /** The uncompressed digests of the layers, lowest first. */
  @JsonPropertyOrder({"type", "diff_ids"})
  public record RootFs(String type, @JsonProperty("diff_ids") List<String> diffIds) {
    public static RootFs of(List<String> diffIds) {
      return new RootFs("layers", List.copyOf(diffIds));
    }
  }

  /** How one layer came to be. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"created", "created_by", "comment"})
  public record History(String created, @JsonProperty("created_by") String createdBy,
      String comment) {}

  /** This config with {@code value} as its rootfs and {@code entries} as its history. */
  public OciConfig withLayers(RootFs value, List<History> entries) {
    return new OciConfig(created, author, architecture, variant, os, config, value,
        List.copyOf(entries));
  }
}
