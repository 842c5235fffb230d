package io.jaci.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** The directories of a pod's {@code kind=empty} volumes, with their mode and owner. */
final class EmptyVolumes {
  private EmptyVolumes() {}

  /**
   * Makes {@code dir} with the volume's mode; as root also its owner (without root the user is
   * root in the pod, so the directory shows as 0:0, the appc default).
   */
  static void create(Path dir, Volume v, boolean root) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, permissions(v.mode()));
    if (root) {
      Files.setAttribute(dir, "unix:uid", (int) v.uid());
      Files.setAttribute(dir, "unix:gid", (int) v.gid());
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
    for (int i = 0; i < 9; i++) {
      if ((mode & (0400 >> i)) != 0) {
        s.add(bits[i]);
      }
    }
    return s;
  }
}
