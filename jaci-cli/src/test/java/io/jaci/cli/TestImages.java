package io.jaci.cli;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

/** Layouts, hostile archives and repository paths for the CLI tests. */
final class TestImages {
  static final String MANIFEST = "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
      + "\"name\":\"example.com/test\",\"labels\":[{\"name\":\"os\",\"value\":\"linux\"},"
      + "{\"name\":\"arch\",\"value\":\"amd64\"}],"
      + "\"app\":{\"exec\":[\"/bin/true\"],\"user\":\"0\",\"group\":\"0\"}}";

  private TestImages() {}

  /** The repository root (the module directory's parent, where Maven runs the tests). */
  static Path repository() {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
        .toAbsolutePath();
    return module.getFileName().toString().equals("jaci-cli") ? module.getParent() : module;
  }

  static Path helloExample() {
    return repository().resolve("examples/hello");
  }

  /** The built CLI, {@code jaci-cli/target/jaci.jar} (Failsafe runs after package). */
  static Path jar() {
    Path jar = repository().resolve("jaci-cli/target/jaci.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: run the ITs with mvn verify (after package)");
    }
    return jar;
  }

  /** A small layout with a file big enough that its gzip data spans many blocks. */
  static Path layout(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("rootfs/bin"));
    Files.createDirectories(dir.resolve("rootfs/etc"));
    Files.writeString(dir.resolve("manifest"), MANIFEST);
    Files.writeString(dir.resolve("rootfs/etc/os-release"), "ID=test\n");
    byte[] random = new byte[400_000];
    new Random(42).nextBytes(random);
    Files.write(dir.resolve("rootfs/bin/true"), random);
    Files.createSymbolicLink(dir.resolve("rootfs/bin/sh"), Path.of("true"));
    return dir;
  }

  static TarHeader dir(String name) {
    return new TarHeader(name, TarEntryType.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0, null);
  }

  static TarHeader file(String name, int size) {
    return new TarHeader(name, TarEntryType.REGULAR, 0644, 0, 0, size, 0, "", 0, 0, null);
  }

  /**
   * Writes an uncompressed tar of a valid manifest, {@code rootfs/} and {@code extraNames}
   * (regular files holding "x"), whatever those names are.
   */
  static Path tarWith(Path file, String... extraNames) throws IOException {
    byte[] manifest = MANIFEST.getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(file); TarWriter tar = new TarWriter(out)) {
      tar.write(file("manifest", manifest.length), new ByteArrayInputStream(manifest));
      tar.write(dir("rootfs"));
      for (String name : extraNames) {
        tar.write(file(name, 1), new ByteArrayInputStream(new byte[] {'x'}));
      }
    }
    return file;
  }

  /** The names in {@code dir}, sorted, for before/after comparisons. */
  static java.util.List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
