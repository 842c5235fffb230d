package io.jaci.core.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON (exec) form of an instruction: {@code ["a", "b"]}. Text that is not a JSON array
 * is the shell form, as in Docker; a JSON array holding anything but strings is an error.
 */
final class JsonForm {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonForm() {}

  /** The strings of {@code text} if it is a JSON array of strings, else null. */
  static List<String> parse(String text) throws DockerfileException {
    String t = text.strip();
    if (!t.startsWith("[")) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(t);
    } catch (JsonProcessingException | RuntimeException e) {
      return null; // not JSON: the shell form, as Docker takes it
    }
    if (node == null || !node.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : node) {
      if (!e.isTextual()) {
        throw new DockerfileException(0, "the JSON form must be an array of strings, not "
            + io.jaci.core.ShortText.cut(t, 80));
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** Whether {@code text} is a JSON array (of anything). */
  static boolean isJsonArray(String text) {
    String t = text.strip();
    if (!t.startsWith("[")) {
      return false;
    }
    try {
      JsonNode node = JSON.readTree(t);
      return node != null && node.isArray();
    } catch (JsonProcessingException | RuntimeException e) {
      return false;
    }
  }
}
