package io.jaci.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.image.Descriptor;
import io.jaci.core.image.MediaTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads image manifests and indexes (OCI and Docker schema 2 share their shape):
 *
 * <pre>{@code
 * {"schemaVersion": 2, "mediaType": "...manifest.v1+json",
 *  "config": {"mediaType": "...", "digest": "sha256:...", "size": 1470},
 *  "layers": [{"mediaType": "...tar+gzip", "digest": "sha256:...", "size": 3370706}]}
 * {"schemaVersion": 2, "manifests": [{"mediaType": "...", "digest": "sha256:...",
 *  "size": 1234, "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}}]}
 * }</pre>
 */
final class ManifestDocuments {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A manifest of one image: its config and its layers, bottom first. */
  record Manifest(Descriptor config, List<Descriptor> layers) {}

  private ManifestDocuments() {}

  /** The media type a document declares in its {@code mediaType} field, or "". */
  static String declaredMediaType(byte[] json) {
    try {
      return JSON.readTree(json).path("mediaType").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  static Manifest manifest(byte[] json, String what) throws JaciException {
    JsonNode root = tree(json, what);
    Descriptor config = descriptor(root.path("config"), what + ": config");
    List<Descriptor> layers = new ArrayList<>();
    JsonNode list = root.path("layers");
    if (!list.isArray()) {
      throw new JaciException(what + ": the manifest has no \"layers\" list");
    }
    for (int i = 0; i < list.size(); i++) {
      Descriptor layer = descriptor(list.get(i), what + ": layers[" + i + "]");
      if (!MediaTypes.isLayer(layer.mediaType())) {
        throw new JaciException(what + ": layers[" + i + "] is of media type \""
            + layer.mediaType() + "\", which is no image layer jaci knows (tar, tar+gzip or"
            + " tar+zstd)");
      }
      layers.add(layer);
    }
    return new Manifest(config, List.copyOf(layers));
  }

  static List<Descriptor> index(byte[] json, String what) throws JaciException {
    JsonNode list = tree(json, what).path("manifests");
    if (!list.isArray()) {
      throw new JaciException(what + ": the index has no \"manifests\" list");
    }
    List<Descriptor> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      entries.add(descriptor(list.get(i), what + ": manifests[" + i + "]"));
    }
    return List.copyOf(entries);
  }

  private static JsonNode tree(byte[] json, String what) throws JaciException {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.isObject()) {
        throw new JaciException(what + ": not a JSON object");
      }
      return root;
    } catch (IOException e) {
      throw new JaciException(what + ": not JSON: " + jsonProblem(e));
    }
  }

  private static Descriptor descriptor(JsonNode node, String what) throws JaciException {
    try {
      return Descriptor.read(node);
    } catch (IllegalArgumentException e) {
      throw new JaciException(what + ": " + e.getMessage());
    }
  }

  static String jsonProblem(IOException e) {
    return e instanceof com.fasterxml.jackson.core.JsonProcessingException j
        ? j.getOriginalMessage() : e.getMessage();
  }
}
