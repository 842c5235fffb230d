package io.jaci.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the built CLI ({@code java -jar jaci-cli/target/jaci.jar}) as a separate process. */
final class JaciJar {
  private JaciJar() {}

  /** The command line that runs the jar with {@code args}, using this JVM's java. */
  static List<String> command(Object... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        TestImages.jar().toString()));
    for (Object a : args) {
      cmd.add(String.valueOf(a));
    }
    return cmd;
  }

  static ProcessRun run(Path dir, Map<String, String> env, Object... args) {
    return ProcessRun.run(dir, env, command(args));
  }

  static ProcessRun run(Path dir, Object... args) {
    return run(dir, Map.of(), args);
  }
}
