package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.spec.AcName;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * An unlimited resource limit (the host's RLIM_INFINITY, kept since limits are never raised)
 * must reach runc as the unsigned 64-bit maximum: runc refuses {@code -1} ("cannot unmarshal
 * number -1 into ... uint64") and no app starts (found running the ACE validator, issue 11).
 */
class OciRlimitJsonTest {
  @Test
  void unlimited_isWrittenAsTheLargestUnsigned64BitNumber() {
    IsolatorSettings isolators = new IsolatorSettings(OptionalLong.empty(), OptionalLong.empty(),
        OptionalLong.empty(), 100_000, OptionalLong.empty(), List.of(), false, Optional.empty(),
        OptionalInt.empty(), Map.of(),
        List.of(new Rlimit("RLIMIT_CORE", 0, Rlimit.UNLIMITED),
            new Rlimit("RLIMIT_FSIZE", Rlimit.UNLIMITED, Rlimit.UNLIMITED)), List.of());
    AppSpec app = new AppSpec(AcName.parse("web"), "sha512-x",
        AppSpec.RootfsSource.overlay(Path.of("/t/rootfs")), List.of("/bin/true"), List.of(),
        0, 0, List.of(), "/", List.of(), false, List.of(), List.of(), isolators);
    assertThat(OciProcess.of(app, app.args(), false).path("rlimits").toString()).isEqualTo(
        "[{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":0},"
            + "{\"type\":\"RLIMIT_FSIZE\",\"hard\":18446744073709551615,"
            + "\"soft\":18446744073709551615}]");
  }
}
