package io.jaci.core.run;

import io.jaci.core.JaciException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the host programs a pod needs, and says which Debian package has a missing one. */
final class ToolOnPath {
  private ToolOnPath() {}

  /**
   * The executable {@code name} in one of the directories of {@code PATH}.
   *
   * @param debianPackage the package to install when it is missing
   * @param purpose what it is needed for, e.g. {@code --net private}
   * @throws JaciException e.g. {@code slirp4netns not found on PATH: --net private needs it;
   *     install the Debian package slirp4netns}
   */
  static Path require(String name, String debianPackage, String purpose) throws JaciException {
    return find(name).orElseThrow(() -> new JaciException(name + " not found on PATH: "
        + purpose + " needs it; install the Debian package " + debianPackage));
  }

  /**
   * The executable {@code name} on {@code PATH}, else in the sbin and bin directories (a
   * user's PATH often lacks {@code /usr/sbin}, where Debian puts runc).
   */
  static Optional<Path> find(String name) {
    String path = System.getenv("PATH");
    for (String dir : ((path == null ? "" : path) + ":/usr/sbin:/sbin:/usr/bin:/bin")
        .split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
