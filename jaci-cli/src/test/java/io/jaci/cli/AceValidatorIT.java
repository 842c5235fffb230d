package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, "Checked against the real thing": the appc spec's own executor test. Its two
 * images run as one pod with {@code --volume database,kind=empty}, as root and as nobody, and
 * each of its four checks must print OK (rkt passed this test); as root also with {@code --net
 * none} and {@code --net private}, where the metadata service is reached through a relay.
 */
class AceValidatorIT {

  @TempDir Path tmp;

  private Path main;
  private Path sidekick;

  @BeforeEach
  void images() throws IOException {
    ExternalTool.require("runc");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    main = AceValidatorImages.main(tmp);
    sidekick = AceValidatorImages.sidekick(tmp);
  }

  @Test
  void root_passesTheAceValidator() throws IOException {
    AsNobody.requireRoot("AceValidatorIT's root case needs root");
    Path store = Files.createDirectory(tmp.resolve("root-store"));
    ProcessRun r = ProcessRun.run(tmp, Map.of(), JaciJar.command(runArgs(store)));
    assertPassed(r);
  }

  @Test
  void nobody_passesTheAceValidator() throws IOException {
    AsNobody.requireRoot("AceValidatorIT switches to nobody, which needs root");
    Path store = Files.createDirectory(tmp.resolve("nobody-store"));
    ProcessRun.run(tmp, "chown", AsNobody.UID + ":" + AsNobody.UID, store.toString()).assertSuccess();
    List<String> cmd = AsNobody.jaci(runArgs(store));
    ProcessRun r = ProcessRun.run(tmp, Map.of("HOME", store.toString(),
        "XDG_RUNTIME_DIR", store.toString()), cmd);
    assertPassed(r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "private"})
  @DisplayName("root, in a pod network of its own: the metadata service answers at the same URL")
  void root_passesTheAceValidator_inAnOwnNetwork(String net) throws IOException {
    AsNobody.requireRoot("AceValidatorIT's root case needs root");
    if (net.equals("private")) {
      ExternalTool.require("slirp4netns");
    }
    Path store = Files.createDirectory(tmp.resolve("root-store-" + net));
    List<String> cmd = new ArrayList<>(JaciJar.command("--store", store, "run", "--net", net,
        "--volume", "database,kind=empty", main, sidekick));
    assertPassed(ProcessRun.run(tmp, Map.of(), cmd));
  }

  private Object[] runArgs(Path store) {
    return new Object[] {"--store", store, "run", "--volume", "database,kind=empty", main,
        sidekick};
  }

  private static void assertPassed(ProcessRun r) {
    assertThat(r.exit()).as(r.describe()).isZero();
    assertThat(r.out().lines().toList()).as(r.describe())
        .contains("main OK", "sidekick OK", "preStart OK", "postStop OK")
        .noneMatch(l -> l.contains("FAIL"));
  }
}
