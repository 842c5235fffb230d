package io.jaci.core.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may give files away to other owners: only root may. */
final class Owners {
  private Owners() {}

  static boolean canChown() {
    try {
      // /proc/self belongs to the process's effective user
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
