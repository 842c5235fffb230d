package io.jaci.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jaci.core.spec.Annotation;
import io.jaci.core.spec.Annotations;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON documents of the metadata service, made once when it starts: the reified pod
 * manifest and the annotations. Example pod manifest:
 *
 * <pre>{@code
 * {"acVersion":"0.8.11","acKind":"PodManifest",
 *  "apps":[{"name":"web","image":{"name":"example.com/web","id":"sha512-...","labels":[...]},
 *           "app":{...the image's app...},"annotations":[]}],
 *  "volumes":[],"isolators":[],"annotations":[],"ports":[]}
 * }</pre>
 */
final class MetadataDocuments {
  static final String POD_AC_VERSION = "0.8.11";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MetadataDocuments() {}

  static byte[] podManifest(PodMetadata pod) {
    ObjectNode root = JSON.createObjectNode();
    root.put("acVersion", POD_AC_VERSION);
    root.put("acKind", "PodManifest");
    ArrayNode apps = root.putArray("apps");
    for (AppMetadata app : pod.apps()) {
      JsonNode image = imageManifest(app);
      ObjectNode runtimeApp = apps.addObject();
      runtimeApp.put("name", app.name().value());
      ObjectNode imageRef = runtimeApp.putObject("image");
      imageRef.set("name", image.path("name"));
      app.imageId().ifPresent(id -> imageRef.put("id", id.toString()));
      if (image.has("labels")) {
        imageRef.set("labels", image.get("labels"));
      }
      if (image.has("app")) {
        runtimeApp.set("app", image.get("app"));
      }
      runtimeApp.set("annotations", array(app.annotations()));
    }
    root.putArray("volumes");
    root.putArray("isolators");
    root.set("annotations", array(pod.annotations()));
    root.putArray("ports");
    return bytes(root);
  }

  static byte[] annotations(Annotations annotations) {
    return bytes(array(annotations));
  }

  /**
   * The image's annotations with the pod's annotations for the app merged over them: a pod
   * annotation replaces the image's of the same name in place, others are appended.
   */
  static byte[] appAnnotations(AppMetadata app) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (JsonNode a : imageManifest(app).path("annotations")) {
      if (a.path("name").isTextual()) {
        merged.putIfAbsent(a.get("name").asText(), a.path("value").asText());
      }
    }
    for (Annotation a : app.annotations().asList()) {
      merged.put(a.name().value(), a.value());
    }
    ArrayNode array = JSON.createArrayNode();
    merged.forEach((name, value) -> array.addObject().put("name", name).put("value", value));
    return bytes(array);
  }

  private static ArrayNode array(Annotations annotations) {
    ArrayNode array = JSON.createArrayNode();
    for (Annotation a : annotations.asList()) {
      array.addObject().put("name", a.name().value()).put("value", a.value());
    }
    return array;
  }

  private static JsonNode imageManifest(AppMetadata app) {
    try {
      JsonNode node = JSON.readTree(app.imageManifestJson());
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(
            "the image manifest of app \"" + app.name() + "\" is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the image manifest of app \"" + app.name() + "\" is not JSON: "
              + e.getOriginalMessage(), e);
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing a JSON tree cannot fail", e);
    }
  }
}
