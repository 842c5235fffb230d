package io.jaci.core.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.jaci.core.image.Descriptor;
import io.jaci.core.image.MediaTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code index.json} of an OCI image layout (an image index): one descriptor per image,
 * each tagged by its {@code org.opencontainers.image.ref.name} annotation.
 *
 * <pre>{@code
 * {"schemaVersion": 2,
 *  "mediaType": "application/vnd.oci.image.index.v1+json",
 *  "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
 *                 "digest": "sha256:e692...", "size": 7143,
 *                 "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "mediaType", "manifests"})
public record OciIndex(int schemaVersion, String mediaType, List<Descriptor> manifests) {
  public OciIndex {
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
  }

  /**
   * Reads an index that is there already, its entries by the same rules as a source reads
   * them ({@link Descriptor#read}); other fields are ignored.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static OciIndex read(JsonNode root) {
    JsonNode list = root.path("manifests");
    if (!root.isObject() || !(list.isArray() || list.isMissingNode())) {
      throw new IllegalArgumentException("not a JSON object with a \"manifests\" list");
    }
    List<Descriptor> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      try {
        entries.add(Descriptor.read(list.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("manifests[" + i + "]: " + e.getMessage(), e);
      }
    }
    JsonNode type = root.path("mediaType");
    return new OciIndex(2, type.isTextual() ? type.asText() : null, entries);
  }

  /** An index without images. */
  public static OciIndex empty() {
    return new OciIndex(2, MediaTypes.OCI_INDEX, List.of());
  }

  /**
   * This index with {@code manifest} tagged {@code tag}: an entry of the same tag is replaced
   * (it keeps its place), else the entry is added at the end.
   */
  public OciIndex withTagged(Descriptor manifest, String tag) {
    List<Descriptor> list = new ArrayList<>(manifests);
    Descriptor tagged = manifest.tagged(tag);
    boolean replaced = false;
    for (int i = 0; i < list.size(); i++) {
      Descriptor d = list.get(i);
      if (tag.equals(d.refName())) {
        list.set(i, tagged);
        replaced = true;
      }
    }
    if (!replaced) {
      list.add(tagged);
    }
    return new OciIndex(2, mediaType == null ? MediaTypes.OCI_INDEX : mediaType, list);
  }
}
