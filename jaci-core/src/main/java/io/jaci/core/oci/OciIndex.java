package io.jaci.core.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"schemaVersion", "mediaType", "manifests"})
public record OciIndex(int schemaVersion, String mediaType, List<Descriptor> manifests) {
  public OciIndex {
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
  }

  /** An index without images. */
  public static OciIndex empty() {
    return new OciIndex(2, MediaTypes.INDEX, List.of());
  }

  /**
   * This index with {@code manifest} tagged {@code tag}: an entry of the same tag is replaced
   * (it keeps its place), else the entry is added at the end.
   */
  public OciIndex withTagged(Descriptor manifest, String tag) {
    List<Descriptor> list = new ArrayList<>(manifests);
    Descriptor tagged = new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size(),
        java.util.Map.of(Descriptor.REF_NAME, tag));
    boolean replaced = false;
    for (int i = 0; i < list.size(); i++) {
      Descriptor d = list.get(i);
      if (d.annotations() != null && tag.equals(d.annotations().get(Descriptor.REF_NAME))) {
        list.set(i, tagged);
        replaced = true;
      }
    }
    if (!replaced) {
      list.add(tagged);
    }
    return new OciIndex(2, mediaType == null ? MediaTypes.INDEX : mediaType, list);
  }
}
