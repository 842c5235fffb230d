package io.jaci.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built CLI run as a given user (root, nobody, or another uid through setpriv) with a
 * store of that user's own: what the tests that compare root and rootless runs share.
 */
final class JaciAs {
  private JaciAs() {}

  /** A fresh store directory below {@code dir}, owned by {@code uid}. */
  static Path store(Path dir, String uid) throws IOException {
    Path s = Files.createTempDirectory(dir, "store-" + uid + "-");
    ProcessRun.run(Path.of("/"), "chown", uid, s.toString()).assertSuccess();
    return s;
  }

  /** {@code jaci --store STORE ARGS...} as {@code uid} (and its own group), in {@code dir}. */
  static ProcessRun run(Path dir, String uid, Path store, Object... args) {
    return run(dir, Map.of(), uid, store, args);
  }

  /** Like {@link #run(Path, String, Path, Object...)} with {@code env} added. */
  static ProcessRun run(Path dir, Map<String, String> env, String uid, Path store,
      Object... args) {
    return ProcessRun.run(dir, env, command(uid, store, args));
  }

  /** The command line of {@code jaci --store STORE ARGS...} as {@code uid}. */
  static List<String> command(String uid, Path store, Object... args) {
    List<Object> all = new ArrayList<>(List.of("--store", store));
    all.addAll(List.of(args));
    if (uid.equals("0")) {
      return JaciJar.command(all.toArray());
    }
    List<String> cmd = new ArrayList<>(List.of(ExternalTool.require("setpriv").toString(),
        "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
    cmd.addAll(JaciJar.command(all.toArray()));
    return cmd;
  }
}
