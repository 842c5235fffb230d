package io.jaci.core.run;

import io.jaci.core.JaciException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Programs of the host that a run needs, found on {@code PATH} (and the sbin directories). */
final class HostTools {
  private HostTools() {}

  static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin:/usr/bin:/bin").split(File.pathSeparator)) {
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

  /** The program {@code name}; the error names the Debian package that has it. */
  static Path require(String name, String debianPackage) throws JaciException {
    return find(name).orElseThrow(() -> new JaciException(name + " not found: jaci run needs "
        + "it (install the Debian package " + debianPackage + ")"));
  }
}
