package io.jaci.core.run;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the host allows a run: who runs jaci, which cgroup controllers it may use, its
 * subordinate id ranges and its current resource limits. {@link ProbeEnvironment#probe()}
 * reads them; tests build them directly.
 *
 * @param root whether jaci runs as uid 0 (in the initial user namespace)
 * @param uid jaci's real user id
 * @param userName jaci's user name, for {@code /etc/subuid} lookups ("" when unknown)
 * @param cgroups the cgroup version mounted at {@code /sys/fs/cgroup}
 * @param controllers the cgroup controllers jaci can set limits with: for root every enabled
 *     one; for another user only those delegated to a cgroup it may write (cgroup v2), none on
 *     cgroup v1
 * @param subuids jaci's user's ranges in {@code /etc/subuid} (empty when none)
 * @param subgids likewise from {@code /etc/subgid}
 * @param seccomp whether the kernel offers seccomp filters
 * @param oomScoreAdj jaci's own {@code oom_score_adj}: a non-root user cannot go lower
 * @param rlimits jaci's current resource limits by OCI name ({@code RLIMIT_NOFILE}, ...)
 */
public record HostFacts(
    boolean root,
    int uid,
    String userName,
    CgroupVersion cgroups,
    Set<String> controllers,
    List<IdRange> subuids,
    List<IdRange> subgids,
    boolean seccomp,
    int oomScoreAdj,
    Map<String, Rlimit> rlimits) {

  /** Which cgroup hierarchy the host mounts. */
  public enum CgroupVersion {
    V1,
    V2,
    /** Neither could be read (no {@code /sys/fs/cgroup}): no resource limit can be set. */
    NONE
  }

  /** A range of subordinate ids from {@code /etc/subuid} or {@code /etc/subgid}. */
  public record IdRange(long start, long count) {
    public IdRange {
      if (start < 0 || count <= 0) {
        throw new IllegalArgumentException(
            "invalid id range " + start + ":" + count + ": start must be >= 0 and count > 0");
      }
    }
  }

  public HostFacts {
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(cgroups, "cgroups");
    controllers = Set.copyOf(controllers);
    subuids = List.copyOf(subuids);
    subgids = List.copyOf(subgids);
    rlimits = Map.copyOf(rlimits);
  }

  /** Whether a limit needing this cgroup controller ({@code memory}, {@code cpu}) can be set. */
  public boolean canUse(String controller) {
    return controllers.contains(controller);
  }
}
