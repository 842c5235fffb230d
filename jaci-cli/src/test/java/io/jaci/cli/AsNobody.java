package io.jaci.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The rootless side of the integration tests: the built CLI run by an unprivileged user
 * (nobody, 65534), started from root by setpriv, and the rule for tests that need root to do
 * so (fail under CI=true, skip with a message locally).
 */
final class AsNobody {
  static final String UID = "65534";

  private AsNobody() {}

  /** Fails under CI=true, skips otherwise, unless the tests run as root; {@code why} says why. */
  static void requireRoot(String why) {
    if (!"root".equals(System.getProperty("user.name"))) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true and " + why);
      }
      Assumptions.assumeTrue(false, "skipped: " + why);
    }
    ExternalTool.require("setpriv");
  }

  /** setpriv's command line that runs {@code command} as nobody, without supplementary groups. */
  static List<String> command(List<String> command) {
    List<String> cmd = new ArrayList<>(List.of(ExternalTool.require("setpriv").toString(),
        "--reuid=" + UID, "--regid=" + UID, "--clear-groups"));
    cmd.addAll(command);
    return cmd;
  }

  /** The jaci command line (see {@link JaciJar#command}) run as nobody. */
  static List<String> jaci(Object... args) {
    return command(JaciJar.command(args));
  }
}
