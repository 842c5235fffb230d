package io.jaci.core.aci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Image layouts for tests. */
final class Layouts {
  static final String MANIFEST = "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
      + "\"name\":\"example.com/test\",\"labels\":[{\"name\":\"os\",\"value\":\"linux\"},"
      + "{\"name\":\"arch\",\"value\":\"amd64\"}],"
      + "\"app\":{\"exec\":[\"/bin/true\"],\"user\":\"0\",\"group\":\"0\"}}";

  private Layouts() {}

  /** A layout with a few files, a symlink and a hard link. */
  static Path small(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("rootfs/etc"));
    Files.createDirectories(dir.resolve("rootfs/bin"));
    Files.writeString(dir.resolve("manifest"), MANIFEST);
    Files.writeString(dir.resolve("rootfs/etc/os-release"), "ID=test\n");
    Files.writeString(dir.resolve("rootfs/bin/true"), "#!/bin/sh\nexit 0\n");
    Files.createLink(dir.resolve("rootfs/bin/also-true"), dir.resolve("rootfs/bin/true"));
    Files.createSymbolicLink(dir.resolve("rootfs/bin/sh"), Path.of("busybox"));
    Files.write(dir.resolve("rootfs/bin/busybox"), new byte[300_000]);
    return dir;
  }
}
