package io.jaci.core.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the OCI JSON documents and reads them as trees. Written bytes are compact and in a
 * fixed field order (maps sorted by key), so the same image gives the same digests.
 */
final class OciJson {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private OciJson() {}

  static byte[] write(Object document) {
    try {
      return JSON.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // the model's records always serialize
    }
  }

  static JsonNode readTree(byte[] json) throws IOException {
    return JSON.readTree(json);
  }
}
