package io.jaci.core.diff;

import io.jaci.core.io.AtomicOutputDirectory;
import java.io.IOException;
import java.nio.file.Path;

/** Removes a test's begun directory to begin again in its place. */
final class AtomicOutputDirectoryCleanup {
  private AtomicOutputDirectoryCleanup() {}

  static void delete(Path dir) throws IOException {
    AtomicOutputDirectory.deleteTree(dir);
  }
}
