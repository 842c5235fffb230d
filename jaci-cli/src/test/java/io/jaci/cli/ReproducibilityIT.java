package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built CLI gives byte-identical ACIs for the same tree, however it was made. */
class ReproducibilityIT {
  private static final long EPOCH = 1_700_000_000L;

  @TempDir
  Path tmp;

  private static Map<String, String> env(String sourceDateEpoch) {
    Map<String, String> env = new HashMap<>();
    env.put("SOURCE_DATE_EPOCH", sourceDateEpoch); // null: removed
    return Collections.unmodifiableMap(env);
  }

  private Path build(Path layout, String name, String compression, String sourceDateEpoch) {
    Path out = tmp.resolve(name);
    JaciJar.run(tmp, env(sourceDateEpoch), "build", "--compression", compression, layout, out)
        .assertSuccess();
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "xz", "none"})
  void sourceDateEpoch_sameTreeMadeInAnotherOrderWithNewerMtimes_givesTheSameBytes(
      String compression) throws IOException {
    String touch = ExternalTool.require("touch").toString();
    String find = ExternalTool.require("find").toString();
    Path original = RichTree.create(tmp.resolve("original"), false);
    Path copy = RichTree.create(tmp.resolve("copy"), true);
    long later = System.currentTimeMillis() / 1000 + 3600;
    ProcessRun.run(tmp, find, copy.toString(), "-exec", touch, "-h", "-d", "@" + later, "{}", "+")
        .assertSuccess();
    assertThat(Files.getLastModifiedTime(copy.resolve("rootfs/etc/config")).toMillis() / 1000)
        .isEqualTo(later)
        .isGreaterThan(Files.getLastModifiedTime(original.resolve("rootfs/etc/config"))
            .toMillis() / 1000);

    Path a = build(original, "a.aci", compression, Long.toString(EPOCH));
    Path b = build(copy, "b.aci", compression, Long.toString(EPOCH));
    assertThat(Files.mismatch(a, b)).as("first differing byte of %s and %s", a, b)
        .isEqualTo(-1L);
    assertThat(JaciJar.run(tmp, "validate", a).assertSuccess().out())
        .isEqualTo(a + ": valid image archive\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "bzip2"})
  void withoutSourceDateEpoch_twoBuildsOfTheSameTree_areIdentical(String compression)
      throws IOException {
    Path layout = RichTree.create(tmp.resolve("layout"), false);
    Path a = build(layout, "a.aci", compression, null);
    Path b = build(layout, "b.aci", compression, null);
    assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
  }
}
