package io.jaci.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test needs from PATH (actool, tar, gzip, setpriv). Missing, it fails the test
 * when {@code CI=true} (so CI never silently skips) and skips it elsewhere, naming the tool.
 */
final class ExternalTool {
  private ExternalTool() {}

  /** The path of {@code name} on PATH; fails (CI) or skips (locally) the test if absent. */
  static Path require(String name) {
    Path found = find(name);
    if (found == null) {
      String message = name + " is not on PATH (scripts/install-test-deps.sh installs what the "
          + "tests need)";
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true and " + message);
      }
      Assumptions.assumeTrue(false, "skipped: " + message);
    }
    return found;
  }

  static Path find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
