package io.jaci.core.run;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the isolators of an app ask of its process and cgroup, in runtime terms.
 *
 * @param capabilities the capability names (CAP_...) the app keeps
 * @param noNewPrivileges whether setuid binaries and file capabilities are ignored
 * @param memoryLimit bytes, when limited
 * @param cpuQuota microseconds per {@code cpuPeriod}, when limited
 * @param cpuPeriod microseconds
 * @param cpuShares relative weight, when set
 * @param oomScoreAdj when set
 */
public record ProcessLimits(List<String> capabilities, boolean noNewPrivileges,
    OptionalLong memoryLimit, OptionalLong cpuQuota, long cpuPeriod, OptionalLong cpuShares,
    OptionalInt oomScoreAdj) {

  /** The ACE spec's default capability set for an app without capability isolators. */
  public static final List<String> ACE_DEFAULT_CAPABILITIES = List.of(
      "CAP_AUDIT_WRITE", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
      "CAP_KILL", "CAP_MKNOD", "CAP_NET_RAW", "CAP_NET_BIND_SERVICE", "CAP_SETUID",
      "CAP_SETGID", "CAP_SETPCAP", "CAP_SETFCAP", "CAP_SYS_CHROOT");

  public ProcessLimits {
    capabilities = List.copyOf(capabilities);
  }

  /** No isolators: the ACE default capabilities, no limits. */
  public static ProcessLimits defaults() {
    return new ProcessLimits(ACE_DEFAULT_CAPABILITIES, false, OptionalLong.empty(),
        OptionalLong.empty(), 100_000, OptionalLong.empty(), OptionalInt.empty());
  }
}
