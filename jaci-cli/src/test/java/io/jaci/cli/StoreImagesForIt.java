package io.jaci.cli;

import io.jaci.core.aci.AciBuilder;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import io.jaci.core.store.VerifyReport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** ACIs for the store ITs and the store invariant they check after every step. */
final class StoreImagesForIt {
  private StoreImagesForIt() {}

  /** A gzip ACI named {@code name} with {@code mib} MiB of data seeded by {@code seed}. */
  static Path aci(Path dir, String name, int mib, long seed) throws Exception {
    Path layout = dir.resolve("layout-" + seed);
    Files.createDirectories(layout.resolve("rootfs/data"));
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"" + name + "\",\"labels\":[]}");
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 20];
    for (int i = 0; i < mib; i++) {
      // half random, half text-like, so that decompression takes real time
      random.nextBytes(chunk);
      for (int j = chunk.length / 2; j < chunk.length; j++) {
        chunk[j] = (byte) ('a' + (chunk[j] & 7));
      }
      Files.write(layout.resolve("rootfs/data/part" + i), chunk);
    }
    Path out = dir.resolve(name.replace('/', '_') + "-" + seed + ".aci");
    AciBuilder.fromLayout(layout).overwrite(true).sourceDateEpoch(0L).build(out);
    return out;
  }

  /** Verify is clean and every indexed image's tar matches its ID. */
  static List<StoredImage> assertConsistent(Path storeRoot) throws Exception {
    try (ImageStore store = ImageStore.open(storeRoot)) {
      VerifyReport report = store.verify(List.of(), false);
      assertThat(report.problems()).as("verify problems").isEmpty();
      List<StoredImage> images = store.list();
      for (StoredImage image : images) {
        MessageDigest sha = MessageDigest.getInstance("SHA-512");
        try (InputStream in = store.openTar(image.id())) {
          byte[] buffer = new byte[1 << 16];
          for (int n; (n = in.read(buffer)) >= 0; ) {
            sha.update(buffer, 0, n);
          }
        }
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(image.id().hex());
      }
      return images;
    }
  }
}
