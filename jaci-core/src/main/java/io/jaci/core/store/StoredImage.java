package io.jaci.core.store;

import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import java.time.Instant;
import java.util.Objects;

/**
 * An image in the store.
 *
 * @param id its full image ID
 * @param manifest its manifest
 * @param size the size in bytes of its uncompressed tar (as the store keeps it)
 * @param imported when it was first imported
 * @param lastUsed when it was last used (rendered, extracted, exported), or imported
 */
public record StoredImage(ImageId id, ImageManifest manifest, long size, Instant imported,
    Instant lastUsed) {
  public StoredImage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(imported, "imported");
    Objects.requireNonNull(lastUsed, "lastUsed");
  }

  /** Like {@code sha512-0123456789ab (example.com/app)}, for messages. */
  public String describe() {
    return id.toString().substring(0, "sha512-".length() + 12) + " (" + manifest.name() + ")";
  }
}
