package io.jaci.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points sqlite-jdbc at the copy of its native library that the build puts beside the jar
 * ({@code target/native/org/sqlite/native/Linux/ARCH/libsqlitejdbc.so}), as the {@code jaci}
 * launcher does, also when the jar is run as {@code java -jar jaci.jar}. Without it, sqlite-jdbc
 * unpacks the library into the temporary directory on each start and removes the copies of
 * other processes it thinks stale, which logs a SEVERE line to stderr when two jaci commands
 * start at once.
 */
final class BundledSqlite {
  private static final String PATH = "org.sqlite.lib.path";

  private BundledSqlite() {}

  static void useIfPresent() {
    if (System.getProperty(PATH) != null) {
      return; // the launcher or the user chose
    }
    try {
      var source = BundledSqlite.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return;
      }
      Path jar = Path.of(source.getLocation().toURI());
      String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64"
          : System.getProperty("os.arch");
      Path dir = jar.resolveSibling("native/org/sqlite/native/Linux/" + arch);
      if (Files.isReadable(dir.resolve("libsqlitejdbc.so"))) {
        System.setProperty(PATH, dir.toString());
        System.setProperty("org.sqlite.lib.name", "libsqlitejdbc.so");
      }
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      // sqlite-jdbc unpacks its own copy, as without this
    }
  }
}
