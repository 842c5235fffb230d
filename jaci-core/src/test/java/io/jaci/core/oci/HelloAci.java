package io.jaci.core.oci;

import io.jaci.core.aci.AciBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small valid ACI for the layout sink's tests: example.com/hello with /etc/hello. */
final class HelloAci {
  private HelloAci() {}

  /** Builds it as {@code tmp/hello.aci} (from a layout in {@code tmp/image}). */
  static Path build(Path tmp) throws Exception {
    Path layout = tmp.resolve("image");
    Files.createDirectories(layout.resolve("rootfs/etc"));
    Files.writeString(layout.resolve("rootfs/etc/hello"), "hello\n");
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/hello\"}");
    Path aci = tmp.resolve("hello.aci");
    AciBuilder.fromLayout(layout).sourceDateEpoch(1_600_000_000L).build(aci);
    return aci;
  }
}
