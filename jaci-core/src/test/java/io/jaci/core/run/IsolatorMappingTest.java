package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.spec.Isolator;
import io.jaci.core.spec.ResourceQuantity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each isolator of ace.md against its spec text; hosts that cannot enforce them. */
class IsolatorMappingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final HostFacts ROOT_V2 = host(true, HostFacts.CgroupVersion.V2,
      Set.of("cpu", "memory", "pids", "io"));
  static final HostFacts USER_V1 = host(false, HostFacts.CgroupVersion.V1, Set.of());
  static final HostFacts USER_V2_DELEGATED = host(false, HostFacts.CgroupVersion.V2,
      Set.of("cpu", "memory"));

  static HostFacts host(boolean root, HostFacts.CgroupVersion v, Set<String> controllers) {
    return new HostFacts(root, root ? 0 : 1000, root ? "root" : "user", v, controllers,
        List.of(), List.of(), true, 0,
        Map.of("RLIMIT_NOFILE", new Rlimit("RLIMIT_NOFILE", 1048576, 1048576),
            "RLIMIT_NPROC", new Rlimit("RLIMIT_NPROC", 1024, 1024),
            "RLIMIT_CORE", new Rlimit("RLIMIT_CORE", 0, Rlimit.UNLIMITED)));
  }

  static Isolator iso(String name, String json) {
    try {
      return Isolator.of(name, JSON.readTree(json));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static IsolatorSettings map(HostFacts host, Isolator... isolators) throws JaciException {
    return IsolatorMapping.map(List.of(isolators), ResourceOverrides.NONE, host, false);
  }

  @Test
  void noIsolators_appcDefaultCapabilities_nothingElse() throws Exception {
    IsolatorSettings s = map(ROOT_V2);
    // ace.md: "the process's capabilities bounding set is just the default set" of 14.
    assertThat(s.capabilities()).containsExactly("CAP_AUDIT_WRITE", "CAP_CHOWN",
        "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_MKNOD",
        "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP",
        "CAP_SETUID", "CAP_SYS_CHROOT");
    assertThat(s.memoryLimitBytes()).isEmpty();
    assertThat(s.cpuQuotaMicros()).isEmpty();
    assertThat(s.cpuShares()).isEmpty();
    assertThat(s.seccomp()).isEmpty();
    assertThat(s.noNewPrivileges()).isFalse();
    assertThat(s.oomScoreAdj()).isEmpty();
    assertThat(s.sysctls()).isEmpty();
    assertThat(s.unenforceable()).isEmpty();
  }

  @Test
  void capabilitiesRemoveSet_theSpecsExample_leaves12() throws Exception {
    IsolatorSettings s = map(ROOT_V2, iso("os/linux/capabilities-remove-set",
        "{\"set\": [\"CAP_SYS_CHROOT\", \"CAP_MKNOD\", \"CAP_SYS_ADMIN\"]}"));
    // "the 14 default capabilities minus the 2"; CAP_SYS_ADMIN "has no effect".
    assertThat(s.capabilities()).hasSize(12).doesNotContain("CAP_SYS_CHROOT", "CAP_MKNOD");
    assertThat(s.unenforceable()).isEmpty();
  }

  @Test
  void capabilitiesRetainSet_isExactlyTheSet_unionOfRepeats() throws Exception {
    IsolatorSettings s = map(ROOT_V2,
        iso("os/linux/capabilities-retain-set", "{\"set\": [\"CAP_NET_ADMIN\"]}"),
        iso("os/linux/capabilities-retain-set",
            "{\"set\": [\"CAP_NET_BIND_SERVICE\", \"CAP_NOT_REAL\"]}"));
    assertThat(s.capabilities()).containsExactly("CAP_NET_ADMIN", "CAP_NET_BIND_SERVICE");
    assertThat(s.unenforceable()).containsExactly(
        "os/linux/capabilities-retain-set: CAP_NOT_REAL is not a Linux capability, ignored");
  }

  @Test
  void capabilitiesRetainAndRemove_together_isAnError() {
    assertThatThrownBy(() -> map(ROOT_V2,
        iso("os/linux/capabilities-retain-set", "{\"set\": [\"CAP_KILL\"]}"),
        iso("os/linux/capabilities-remove-set", "{\"set\": [\"CAP_KILL\"]}")))
        .isInstanceOf(JaciException.class)
        .hasMessageContaining("both os/linux/capabilities-retain-set and "
            + "os/linux/capabilities-remove-set");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // request, limit -> reservation bytes, limit bytes ("" = none)
      "1G     | 2G    | 1000000000 | 2000000000",
      "       | 256Mi | 268435456  | 268435456",   // "If request is omitted, it defaults to ... limit"
      "128974848 | 125952Ki | 128974848 | 128974848", // the spec's "same value" example
      "1Gi    |       | 1073741824 | ",
      "0.5    | 1k    | 1          | 1000"})       // whole bytes, rounded up
  void memory_requestAndLimit(String request, String limit, String reservation, String bytes)
      throws Exception {
    String json = "{" + (request == null ? "" : "\"request\": \"" + request + "\"")
        + (request != null && limit != null ? ", " : "")
        + (limit == null ? "" : "\"limit\": \"" + limit + "\"") + "}";
    IsolatorSettings s = map(ROOT_V2, iso("resource/memory", json));
    assertThat(s.memoryReservationBytes()).isEqualTo(opt(reservation));
    assertThat(s.memoryLimitBytes()).isEqualTo(opt(bytes));
    assertThat(s.unenforceable()).isEmpty();
  }

  private static OptionalLong opt(String value) {
    return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
  }

  @Test
  void memoryOverride_replacesTheLimit_requestFollows() throws Exception {
    IsolatorSettings s = IsolatorMapping.map(List.of(iso("resource/memory", "{\"limit\": \"1G\"}")),
        new ResourceOverrides(Optional.of(ResourceOverrides.parseMemory("256Mi")),
            Optional.empty()), ROOT_V2, false);
    assertThat(s.memoryLimitBytes()).hasValue(268435456);
    assertThat(s.memoryReservationBytes()).hasValue(268435456);
  }

  @Test
  void memoryOverride_belowTheImagesRequest_lowersTheRequest_andSaysSo() throws Exception {
    IsolatorSettings s = IsolatorMapping.map(
        List.of(iso("resource/memory", "{\"request\": \"1G\", \"limit\": \"2G\"}")),
        new ResourceOverrides(Optional.of(ResourceQuantity.parse("256M")), Optional.empty()),
        ROOT_V2, false);
    assertThat(s.memoryLimitBytes()).hasValue(256_000_000);
    assertThat(s.memoryReservationBytes()).hasValue(256_000_000);
    assertThat(s.unenforceable()).containsExactly(
        "resource/memory: request 1G is above the limit 256M, lowered to it");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // limit | request | quota | shares
      "500m   |        | 50000  | 512",   // the spec's "1000m ... full use of a single CPU core"
      "2      | 250m   | 200000 | 256",
      "1m     |        | 1000   | 2",     // below the kernel's 1 ms: raised, and said
      "       | 4      |        | 4096"})
  void cpu_limitIsAQuotaPer100ms_requestIsShares(String limit, String request, String quota,
      String shares) throws Exception {
    String json = "{" + (limit == null ? "" : "\"limit\": \"" + limit + "\"")
        + (request != null && limit != null ? ", " : "")
        + (request == null ? "" : "\"request\": \"" + request + "\"") + "}";
    IsolatorSettings s = map(ROOT_V2, iso("resource/cpu", json));
    assertThat(s.cpuPeriodMicros()).isEqualTo(100_000);
    assertThat(s.cpuQuotaMicros()).isEqualTo(opt(quota));
    assertThat(s.cpuShares()).isEqualTo(opt(shares));
    if ("1m".equals(limit)) {
      assertThat(s.unenforceable()).containsExactly(
          "resource/cpu: limit 1m is below the kernel's smallest quota, raised to 10m");
    }
  }

  @Test
  void cpuShares_isolatorWinsOverTheRequest() throws Exception {
    IsolatorSettings s = map(ROOT_V2, iso("resource/cpu", "{\"request\": \"2\"}"),
        iso("os/linux/cpu-shares", "512"));
    assertThat(s.cpuShares()).hasValue(512);
  }

  @Test
  void cpuOverride_withoutIsolator() throws Exception {
    IsolatorSettings s = IsolatorMapping.map(List.of(), new ResourceOverrides(Optional.empty(),
        Optional.of(ResourceOverrides.parseCpu("500m"))), ROOT_V2, false);
    assertThat(s.cpuQuotaMicros()).hasValue(50_000);
    assertThat(s.cpuShares()).isEmpty();
  }

  @Test
  void resourceLimits_asNonRootOnCgroupV1_areNamedNotDropped() throws Exception {
    IsolatorSettings s = IsolatorMapping.map(List.of(
            iso("resource/memory", "{\"limit\": \"1G\"}"),
            iso("resource/cpu", "{\"limit\": \"1\"}"),
            iso("os/linux/cpu-shares", "100")),
        ResourceOverrides.NONE, USER_V1, false);
    assertThat(s.memoryLimitBytes()).isEmpty();
    assertThat(s.cpuQuotaMicros()).isEmpty();
    assertThat(s.cpuShares()).isEmpty();
    assertThat(s.unenforceable()).containsExactly(
        "resource/memory: cannot be enforced here, a user other than root cannot set cgroup v1"
            + " limits; ignored",
        "resource/cpu: cannot be enforced here, a user other than root cannot set cgroup v1"
            + " limits; ignored",
        "os/linux/cpu-shares: cannot be enforced here, a user other than root cannot set"
            + " cgroup v1 limits; ignored");
  }

  @Test
  void memoryOverride_thatCannotBeEnforced_isAnError_notAWarning() {
    // The image's isolator may be noted and left out; an explicit --memory the user typed
    // must not be ignored (issue 11, bad input: "an isolator that cannot be enforced").
    HostFacts user = host(false, HostFacts.CgroupVersion.V2, Set.of("pids"));
    assertThatThrownBy(() -> IsolatorMapping.map(List.of(), new ResourceOverrides(
        Optional.of(ResourceQuantity.parse("256Mi")), Optional.empty()), user, false))
        .isInstanceOf(JaciException.class)
        .hasMessage("--memory cannot be enforced here: the memory controller is not delegated "
            + "to this user (systemd Delegate=yes in user@.service); run without --memory");
    assertThatThrownBy(() -> IsolatorMapping.map(List.of(), new ResourceOverrides(
        Optional.empty(), Optional.of(ResourceQuantity.parse("1"))), USER_V1, false))
        .hasMessage("--cpu cannot be enforced here: a user other than root cannot set cgroup v1"
            + " limits; run without --cpu");
  }

  @Test
  void resourceLimits_asNonRootWithDelegation_areEnforced() throws Exception {
    IsolatorSettings s = map(USER_V2_DELEGATED, iso("resource/memory", "{\"limit\": \"1G\"}"));
    assertThat(s.memoryLimitBytes()).hasValue(1_000_000_000);
    assertThat(s.unenforceable()).isEmpty();
  }

  @Test
  void noNewPrivileges() throws Exception {
    assertThat(map(ROOT_V2, iso("os/linux/no-new-privileges", "true")).noNewPrivileges())
        .isTrue();
    assertThat(map(ROOT_V2, iso("os/linux/no-new-privileges", "false")).noNewPrivileges())
        .isFalse();
  }

  @Test
  void seccompRemoveSet_theSpecsExample() throws Exception {
    IsolatorSettings s = map(ROOT_V2, iso("os/linux/seccomp-remove-set",
        "{\"errno\": \"ENOTSUP\", \"set\": [\"clock_adjtime\", \"clock_settime\", \"reboot\"]}"));
    // "When invoked, such syscalls will immediately return a ENOTSUP error code. All other
    // syscalls will behave as usual." ENOTSUP is 95 on Linux.
    assertThat(s.seccomp()).hasValue(new IsolatorSettings.Seccomp("SCMP_ACT_ALLOW",
        List.of("clock_adjtime", "clock_settime", "reboot"), "SCMP_ACT_ERRNO",
        OptionalInt.of(95)));
  }

  @Test
  void seccompRetainSet_theSpecsExample_killsWithSigsys_keepsTheLifecycleCalls()
      throws Exception {
    IsolatorSettings s = map(ROOT_V2, iso("os/linux/seccomp-retain-set",
        "{\"errno\": \"\", \"set\": [\"accept\", \"bind\", \"listen\", \"read\", \"socket\","
            + " \"write\"]}"));
    IsolatorSettings.Seccomp f = s.seccomp().orElseThrow();
    // "All other syscalls will result in app termination via SIGSYS signal."
    assertThat(f.defaultAction()).isEqualTo("SCMP_ACT_KILL_PROCESS");
    assertThat(f.action()).isEqualTo("SCMP_ACT_ALLOW");
    assertThat(f.errnoRet()).isEmpty();
    assertThat(f.syscalls()).contains("accept", "bind", "listen", "read", "socket", "write",
        "execve", "exit_group").isSorted().doesNotHaveDuplicates();
  }

  @Test
  void seccompRetainSet_withErrno() throws Exception {
    IsolatorSettings.Seccomp f = map(ROOT_V2, iso("os/linux/seccomp-retain-set",
        "{\"errno\": \"EPERM\", \"set\": [\"read\"]}")).seccomp().orElseThrow();
    assertThat(f.defaultAction()).isEqualTo("SCMP_ACT_ERRNO");
    assertThat(f.errnoRet()).hasValue(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "os/linux/seccomp-retain-set | [\"read\", \"@appc.io/all\"]",
      "os/linux/seccomp-remove-set | [\"reboot\", \"@appc.io/empty\"]"})
  void seccompWildcards_optOut(String name, String set) throws Exception {
    IsolatorSettings s = map(ROOT_V2, iso(name, "{\"set\": " + set + "}"));
    assertThat(s.seccomp()).isEmpty();
    assertThat(s.unenforceable()).isEmpty();
  }

  @Test
  void seccomp_unknownWildcardAndErrno_areNamed() throws Exception {
    IsolatorSettings s = map(ROOT_V2, iso("os/linux/seccomp-remove-set",
        "{\"errno\": \"EXYZZY\", \"set\": [\"reboot\", \"@rkt/default-blacklist\"]}"));
    assertThat(s.seccomp()).hasValue(new IsolatorSettings.Seccomp("SCMP_ACT_ALLOW",
        List.of("reboot"), "SCMP_ACT_KILL_PROCESS", OptionalInt.empty()));
    assertThat(s.unenforceable()).containsExactly(
        "os/linux/seccomp-remove-set: wildcard @rkt/default-blacklist is not one jaci knows "
            + "(only @appc.io/empty), ignored",
        "os/linux/seccomp-remove-set: errno EXYZZY is not a Linux errno, blocked calls kill "
            + "the app with SIGSYS instead");
  }

  @Test
  void seccomp_withoutKernelSupport_isNamed() throws Exception {
    HostFacts noSeccomp = new HostFacts(true, 0, "root", HostFacts.CgroupVersion.V2, Set.of(),
        List.of(), List.of(), false, 0, Map.of());
    IsolatorSettings s = map(noSeccomp,
        iso("os/linux/seccomp-remove-set", "{\"set\": [\"reboot\"]}"));
    assertThat(s.seccomp()).isEmpty();
    assertThat(s.unenforceable()).containsExactly(
        "os/linux/seccomp-remove-set: this kernel has no seccomp filters, ignored");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "true  | 0   | -500 | -500 | ",
      "false | 0   | 500  | 500  | ",
      "false | 0   | 0    | 0    | ",
      "false | 200 | 100  |      | os/linux/oom-score-adj: 100 is below jaci's own 200, which only root may do, ignored"})
  void oomScoreAdj_nonRootCannotLower(boolean root, int own, int wanted, Integer expected,
      String note) throws Exception {
    HostFacts h = new HostFacts(root, root ? 0 : 1000, "", HostFacts.CgroupVersion.V2,
        Set.of(), List.of(), List.of(), true, own, Map.of());
    IsolatorSettings s = map(h, iso("os/linux/oom-score-adj", String.valueOf(wanted)));
    assertThat(s.oomScoreAdj()).isEqualTo(
        expected == null ? OptionalInt.empty() : OptionalInt.of(expected));
    assertThat(s.unenforceable()).isEqualTo(note == null ? List.of() : List.of(note));
  }

  @Test
  void sysctl_theSpecsExample_needsTheirOwnNetworkNamespace() throws Exception {
    Isolator sysctl = iso("os/unix/sysctl", "{\"net.ipv4.tcp_mtu_probing\": \"1\","
        + " \"net.ipv4.tcp_keepalive_time\": \"300\", \"kernel.shmmax\": \"1000000\","
        + " \"kernel.panic\": \"1\", \"vm.swappiness\": \"0\", \"../../x\": \"1\"}");
    IsolatorSettings own = IsolatorMapping.map(List.of(sysctl), ResourceOverrides.NONE,
        ROOT_V2, true);
    assertThat(own.sysctls()).containsOnly(Map.entry("net.ipv4.tcp_mtu_probing", "1"),
        Map.entry("net.ipv4.tcp_keepalive_time", "300"), Map.entry("kernel.shmmax", "1000000"));
    assertThat(own.unenforceable()).containsExactly(
        "os/unix/sysctl: ../../x is not a sysctl name, ignored",
        "os/unix/sysctl: kernel.panic is not confined to the pod's namespaces, ignored",
        "os/unix/sysctl: vm.swappiness is not confined to the pod's namespaces, ignored");
    IsolatorSettings hostNet = map(ROOT_V2, sysctl);
    assertThat(hostNet.sysctls()).containsOnlyKeys("kernel.shmmax");
    assertThat(hostNet.unenforceable()).contains("os/unix/sysctl: net.ipv4.tcp_mtu_probing "
        + "would change the host's network settings (--net host); use --net private or none, "
        + "ignored");
  }

  @Test
  void unimplementedAndUnknownIsolators_areNamed() throws Exception {
    IsolatorSettings s = map(ROOT_V2,
        iso("resource/network-bandwidth", "{\"default\": true, \"limit\": \"1G\"}"),
        iso("os/linux/selinux-context", "{\"user\": \"system_u\", \"role\": \"system_r\","
            + " \"type\": \"dhcpc_t\", \"level\": \"s0\"}"),
        iso("example.com/custom", "{\"anything\": 1}"));
    assertThat(s.unenforceable()).containsExactly(
        "resource/network-bandwidth: not implemented by jaci, ignored",
        "os/linux/selinux-context: not implemented by jaci, ignored",
        "example.com/custom: not an isolator jaci knows, ignored");
  }

  @Test
  void repeatedSingleIsolator_lastWins_andIsNamed() throws Exception {
    IsolatorSettings s = map(ROOT_V2, iso("resource/memory", "{\"limit\": \"1G\"}"),
        iso("resource/memory", "{\"limit\": \"2G\"}"));
    assertThat(s.memoryLimitBytes()).hasValue(2_000_000_000L);
    assertThat(s.unenforceable()).containsExactly(
        "resource/memory: given more than once, the last one is used");
  }

  @Test
  void rlimits_areKeptOrLowered_neverRaised() throws Exception {
    IsolatorSettings s = map(ROOT_V2);
    assertThat(s.rlimits()).containsExactly(
        new Rlimit("RLIMIT_CORE", 0, Rlimit.UNLIMITED),
        new Rlimit("RLIMIT_NOFILE", 1024, 1048576),
        new Rlimit("RLIMIT_NPROC", 1024, 1024));
    HostFacts low = new HostFacts(false, 1000, "u", HostFacts.CgroupVersion.V2, Set.of(),
        List.of(), List.of(), true, 0,
        Map.of("RLIMIT_NOFILE", new Rlimit("RLIMIT_NOFILE", 256, 512)));
    assertThat(map(low).rlimits()).containsExactly(new Rlimit("RLIMIT_NOFILE", 256, 512));
  }
}
