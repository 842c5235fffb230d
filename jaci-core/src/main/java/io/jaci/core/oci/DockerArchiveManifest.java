package io.jaci.core.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One entry of the {@code manifest.json} array of a {@code docker save} archive: the config
 * file, the tags, and the layer tars, lowest first, by their names inside the archive.
 *
 * <pre>{@code
 * [{"Config": "b5b2b2c5....json",
 *   "RepoTags": ["example.com/app:1.0"],
 *   "Layers": ["9834876d....tar"]}]
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"Config", "RepoTags", "Layers"})
public record DockerArchiveManifest(
    @JsonProperty("Config") String config,
    @JsonProperty("RepoTags") List<String> repoTags,
    @JsonProperty("Layers") List<String> layers) {}
