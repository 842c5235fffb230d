package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jaci.core.spec.AcName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The runtime config of an app, checked without starting anything. */
class OciConfigTest {
  private static IsolatorSettings isolators(OptionalLong memory, List<Rlimit> rlimits) {
    return new IsolatorSettings(memory, OptionalLong.empty(), OptionalLong.of(50_000), 100_000,
        OptionalLong.empty(), List.of("CAP_CHOWN", "CAP_KILL"), true, Optional.empty(),
        OptionalInt.of(100), Map.of(), rlimits, List.of());
  }

  private static AppSpec app(IsolatorSettings isolators) {
    return new AppSpec(AcName.parse("web"), "sha512-x",
        AppSpec.RootfsSource.overlay(Path.of("/store/trees/k/rootfs")),
        List.of("/bin/sh", "-c", "true"), List.of("PATH=/bin", "A=1"), 1000, 100, List.of(27),
        "/srv", List.of(new BindMount(Path.of("/host/data"), "/data", true)), true, List.of(),
        List.of(), isolators);
  }

  private static JsonNode config(AppSpec app, boolean userNamespace, boolean ownNetwork) {
    return OciConfig.of(app, app.args(), false, new OciConfig.Context(
        Path.of("/pods/u/apps/web/rootfs"), userNamespace, ownNetwork, "/jaci/x",
        List.of(OciMounts.podFile(Path.of("/pods/u/etc/hosts"), "/etc/hosts"))));
  }

  private static List<String> destinations(JsonNode c) {
    List<String> d = new ArrayList<>();
    c.path("mounts").forEach(m -> d.add(m.path("destination").asText()));
    return d;
  }

  @Test
  void process_carriesUserGroupsEnvCwdCapabilitiesAndNoNewPrivileges() {
    JsonNode p = config(app(isolators(OptionalLong.empty(), List.of())), false, false)
        .path("process");
    assertThat(p.path("user").path("uid").asInt()).isEqualTo(1000);
    assertThat(p.path("user").path("gid").asInt()).isEqualTo(100);
    assertThat(p.path("user").path("additionalGids").get(0).asInt()).isEqualTo(27);
    assertThat(p.path("env").toString()).isEqualTo("[\"PATH=/bin\",\"A=1\"]");
    assertThat(p.path("cwd").asText()).isEqualTo("/srv");
    assertThat(p.path("capabilities").path("bounding").toString())
        .isEqualTo("[\"CAP_CHOWN\",\"CAP_KILL\"]");
    assertThat(p.path("noNewPrivileges").asBoolean()).isTrue();
    assertThat(p.path("oomScoreAdj").asInt()).isEqualTo(100);
  }

  @Test
  void rlimits_areOnlyThoseGiven_neverRuncsDefaultNofile() {
    JsonNode none = config(app(isolators(OptionalLong.empty(), List.of())), false, false);
    assertThat(none.path("process").has("rlimits")).isFalse();
    JsonNode some = config(app(isolators(OptionalLong.empty(),
        List.of(new Rlimit("RLIMIT_NOFILE", 512, 4096)))), false, false);
    assertThat(some.path("process").path("rlimits").toString())
        .isEqualTo("[{\"type\":\"RLIMIT_NOFILE\",\"hard\":4096,\"soft\":512}]");
    // unlimited is -1 in Rlimit and 2^64-1 for runc, which refuses a negative number
    JsonNode unlimited = config(app(isolators(OptionalLong.empty(),
        List.of(new Rlimit("RLIMIT_CORE", 0, Rlimit.UNLIMITED)))), false, false);
    assertThat(unlimited.path("process").path("rlimits").toString())
        .isEqualTo("[{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":0}]");
  }

  @Test
  void onlyAMountNamespace_theOthersAreThePods() {
    JsonNode c = config(app(isolators(OptionalLong.empty(), List.of())), false, false);
    assertThat(c.path("linux").path("namespaces").toString()).isEqualTo("[{\"type\":\"mount\"}]");
  }

  @Test
  void asRoot_memoryAndCpuLimitsGoToTheCgroup() {
    JsonNode l = config(app(isolators(OptionalLong.of(256L << 20), List.of())), false, false)
        .path("linux");
    assertThat(l.path("resources").path("memory").path("limit").asLong()).isEqualTo(256L << 20);
    assertThat(l.path("resources").path("cpu").path("quota").asLong()).isEqualTo(50_000);
    assertThat(l.path("cgroupsPath").asText()).isEqualTo("/jaci/x");
  }

  @Test
  void inAUserNamespace_noCgroupAndTheHostsSysBoundReadOnly() {
    JsonNode c = config(app(isolators(OptionalLong.of(256L << 20), List.of())), true, false);
    assertThat(c.path("linux").has("resources")).isFalse();
    JsonNode sys = c.path("mounts").get(destinations(c).indexOf("/sys"));
    assertThat(sys.path("type").asText()).isEqualTo("none");
    assertThat(sys.path("options").toString()).contains("\"rbind\"", "\"ro\"");
    JsonNode own = config(app(isolators(OptionalLong.empty(), List.of())), true, true);
    assertThat(own.path("mounts").get(destinations(own).indexOf("/sys")).path("type").asText())
        .isEqualTo("sysfs");
  }

  @Test
  void mounts_aceDevicesAndProcFirst_thenPodFiles_thenVolumes_readOnlyKept() {
    JsonNode c = config(app(isolators(OptionalLong.empty(), List.of())), false, false);
    assertThat(destinations(c)).containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm",
        "/dev/mqueue", "/sys", "/etc/hosts", "/data");
    JsonNode data = c.path("mounts").get(7);
    assertThat(data.path("source").asText()).isEqualTo("/host/data");
    assertThat(data.path("options").toString()).contains("\"ro\"");
    assertThat(c.path("root").path("readonly").asBoolean()).isTrue();
    assertThat(c.path("root").path("path").asText()).isEqualTo("/pods/u/apps/web/rootfs");
  }
}
