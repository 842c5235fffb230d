package io.jaci.core.run;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What an app's isolators (and the {@code --memory}/{@code --cpu} overrides) ask of the runtime,
 * in the units of the OCI runtime config; {@link IsolatorMapping#map} makes one. Every isolator
 * that cannot be enforced on this host is left out here and named in {@link #unenforceable()},
 * so that the caller reports it (ace.md: "an executor MUST make information about which
 * isolators were ignored, enforced or modified available to the user").
 *
 * @param memoryLimitBytes {@code resource/memory} limit ({@code linux.resources.memory.limit})
 * @param memoryReservationBytes {@code resource/memory} request ({@code memory.reservation})
 * @param cpuQuotaMicros {@code resource/cpu} limit as a CFS quota per {@link #cpuPeriodMicros}
 * @param cpuPeriodMicros the CFS period the quota is for (always set; 100000 = 100 ms)
 * @param cpuShares {@code os/linux/cpu-shares}, else derived from the {@code resource/cpu}
 *     request (1024 per core)
 * @param capabilities the capability set (bounding set; OCI names like {@code CAP_CHOWN}),
 *     sorted; appc's default set when the app has no capability isolator
 * @param noNewPrivileges {@code os/linux/no-new-privileges}
 * @param seccomp the seccomp filter, empty for none
 * @param oomScoreAdj {@code os/linux/oom-score-adj}
 * @param sysctls {@code os/unix/sysctl}, only the keys that can be set in the pod's namespaces
 * @param rlimits the resource limits to give the process: jaci's own, never raised
 * @param unenforceable one line per isolator (or part of one) that is ignored or changed, each
 *     naming the isolator and why
 */
public record IsolatorSettings(
    OptionalLong memoryLimitBytes,
    OptionalLong memoryReservationBytes,
    OptionalLong cpuQuotaMicros,
    long cpuPeriodMicros,
    OptionalLong cpuShares,
    List<String> capabilities,
    boolean noNewPrivileges,
    Optional<Seccomp> seccomp,
    OptionalInt oomScoreAdj,
    Map<String, String> sysctls,
    List<Rlimit> rlimits,
    List<String> unenforceable) {

  /** The CFS period jaci uses: 100 ms, the kernel's default. */
  public static final long CPU_PERIOD_MICROS = 100_000;

  public IsolatorSettings {
    Objects.requireNonNull(memoryLimitBytes, "memoryLimitBytes");
    Objects.requireNonNull(memoryReservationBytes, "memoryReservationBytes");
    Objects.requireNonNull(cpuQuotaMicros, "cpuQuotaMicros");
    Objects.requireNonNull(cpuShares, "cpuShares");
    capabilities = List.copyOf(capabilities);
    Objects.requireNonNull(seccomp, "seccomp");
    Objects.requireNonNull(oomScoreAdj, "oomScoreAdj");
    sysctls = Map.copyOf(sysctls);
    rlimits = List.copyOf(rlimits);
    unenforceable = List.copyOf(unenforceable);
  }

  /**
   * A seccomp filter in OCI terms.
   *
   * @param defaultAction {@code SCMP_ACT_ALLOW} (remove set), or for a retain set {@code
   *     SCMP_ACT_ERRNO} (with {@link #errnoRet}) or {@code SCMP_ACT_KILL_PROCESS} (SIGSYS)
   * @param syscalls the syscall names that get {@link #action} instead, sorted
   * @param action {@code SCMP_ACT_ALLOW} for a retain set; for a remove set {@code
   *     SCMP_ACT_ERRNO} or {@code SCMP_ACT_KILL_PROCESS}
   * @param errnoRet the errno number returned by blocked calls, empty when they kill
   */
  public record Seccomp(
      String defaultAction, List<String> syscalls, String action, OptionalInt errnoRet) {
    public Seccomp {
      Objects.requireNonNull(defaultAction, "defaultAction");
      syscalls = List.copyOf(syscalls);
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(errnoRet, "errnoRet");
    }
  }
}
