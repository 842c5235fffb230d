package io.jaci.core.store;

import io.jaci.core.aci.AciBuilder;
import io.jaci.core.io.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small ACIs for the store tests, built with the real builder. */
final class StoreImages {
  private StoreImages() {}

  /**
   * An ACI named {@code name} with labels {@code k=v} pairs (e.g. "version", "1.0.0") and a
   * file whose content is {@code content}, so that different contents give different IDs.
   */
  static Path aci(Path dir, String name, String content, Compression compression,
      String... labels) throws IOException {
    Path layout = Files.createTempDirectory(dir, "layout");
    Files.createDirectories(layout.resolve("rootfs/etc"));
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < labels.length; i += 2) {
      l.append(l.length() == 0 ? "" : ",").append("{\"name\":\"").append(labels[i])
          .append("\",\"value\":\"").append(labels[i + 1]).append("\"}");
    }
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"" + name + "\",\"labels\":[" + l + "]}");
    Files.writeString(layout.resolve("rootfs/etc/content"), content);
    Path out = Files.createTempFile(dir, "image", ".aci");
    try {
      AciBuilder.fromLayout(layout).compression(compression).overwrite(true)
          .sourceDateEpoch(0L).build(out);
    } catch (io.jaci.core.JaciException e) {
      throw new IOException(e);
    }
    return out;
  }

  static Path aci(Path dir, String name, String content, String... labels) throws IOException {
    return aci(dir, name, content, Compression.GZIP, labels);
  }
}
