package io.jaci.core.deb;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds real {@code .deb} files with {@code dpkg-deb --build} and flat repositories with
 * {@code dpkg-scanpackages}, for tests. Without the tools a test fails when {@code CI=true}
 * and is skipped otherwise.
 */
final class TestDebs {
  private static final java.util.concurrent.atomic.AtomicInteger COUNTER =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Path work;

  TestDebs(Path work) {
    this.work = work;
  }

  static void requireTool(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return;
      }
    }
    String m = name + " is not on PATH (scripts/install-test-deps.sh installs it)";
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true and " + m);
    }
    Assumptions.assumeTrue(false, "skipped: " + m);
  }

  /**
   * A {@code .deb} with {@code control} (Maintainer and Description are added when missing,
   * Architecture defaults to all) and {@code files} (path -> content; a value starting with
   * {@code ->} makes a symlink, one starting with {@code =>} a hard link to that path, which
   * must come earlier in the map).
   */
  Path deb(String control, Map<String, String> files) throws IOException, InterruptedException {
    requireTool("dpkg-deb");
    int n = COUNTER.incrementAndGet();
    Path root = work.resolve("src-" + n);
    Files.createDirectories(root.resolve("DEBIAN"));
    String c = control.endsWith("\n") ? control : control + "\n";
    if (!c.contains("Maintainer:")) {
      c += "Maintainer: jaci tests <tests@example.invalid>\n";
    }
    if (!c.contains("Description:")) {
      c += "Description: a test package\n";
    }
    if (!c.contains("Architecture:")) {
      c += "Architecture: all\n";
    }
    Files.writeString(root.resolve("DEBIAN/control"), c);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = root.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      if (f.getValue().startsWith("=>")) {
        Files.createLink(p, root.resolve(f.getValue().substring(2)));
      } else if (f.getValue().startsWith("->")) {
        Files.createSymbolicLink(p, Path.of(f.getValue().substring(2)));
      } else {
        Files.writeString(p, f.getValue());
      }
    }
    Path out = work.resolve("deb-" + n + ".deb");
    run(work, "dpkg-deb", "--root-owner-group", "-Zxz", "--build", root.toString(),
        out.toString());
    return out;
  }

  /** A {@code .deb} with only a control file. */
  Path deb(String control) throws IOException, InterruptedException {
    return deb(control, Map.of());
  }

  /** A flat repository: {@code dir/pool/*.deb} and {@code dir/Packages}. */
  static Path flatRepository(Path dir, List<Path> debs) throws IOException, InterruptedException {
    requireTool("dpkg-scanpackages");
    Files.createDirectories(dir.resolve("pool"));
    for (Path d : debs) {
      Files.copy(d, dir.resolve("pool").resolve(d.getFileName()),
          StandardCopyOption.REPLACE_EXISTING);
    }
    String packages = run(dir, "dpkg-scanpackages", "-m", "pool", "/dev/null");
    Files.writeString(dir.resolve("Packages"), packages);
    return dir;
  }

  static String run(Path dir, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(command));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.PIPE).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + err);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
