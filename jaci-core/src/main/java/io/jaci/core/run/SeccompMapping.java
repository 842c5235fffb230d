package io.jaci.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.jaci.core.spec.Isolator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The seccomp isolators of ace.md as an OCI seccomp filter.
 *
 * <p>{@code os/linux/seccomp-retain-set}: "Syscalls not specified in the union of these two sets
 * [the set and an implementation-specific whitelist] MUST be blocked"; {@code
 * os/linux/seccomp-remove-set}: "All syscalls specified in this set MUST be blocked ... Syscalls
 * not specified in the union of these two sets MUST NOT be blocked" (jaci's own blacklist is
 * empty). A blocked call returns {@code errno}, or, when it is missing or empty, kills the app
 * with SIGSYS. {@code @appc.io/all} in a retain set and {@code @appc.io/empty} in a remove set
 * mean no filter.
 */
final class SeccompMapping {
  static final String ALLOW = "SCMP_ACT_ALLOW";
  static final String ERRNO = "SCMP_ACT_ERRNO";
  static final String KILL = "SCMP_ACT_KILL_PROCESS";

  /**
   * jaci's whitelist for retain sets, which ace.md lets "be the minimum set of syscalls required
   * for app life-cycle": what the runtime's own init still calls between loading the filter and
   * exec'ing the app (set ids and capabilities, close descriptors, signal and thread housekeeping
   * of its Go runtime), and exit. Found with runc 1.1.5 on x86_64 by running busybox under an
   * {@code SCMP_ACT_LOG} filter of this list (as root and as uid 1000, with and without
   * no-new-privileges) until runc's init logged nothing: it added epoll_ctl, faccessat2,
   * fchown, fstatfs and getcwd.
   */
  static final List<String> LIFECYCLE = List.of(
      "arch_prctl", "brk", "capget", "capset", "chdir", "close", "close_range", "epoll_ctl",
      "execve", "execveat", "exit", "exit_group", "faccessat2", "fchdir", "fchown", "fcntl",
      "fstat", "fstatfs", "futex", "getcwd", "getdents64", "getpid", "getppid", "gettid",
      "madvise", "mmap", "mprotect", "munmap", "nanosleep", "newfstatat", "openat", "prctl",
      "read", "rseq", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sched_yield",
      "set_robust_list", "set_tid_address", "setgid", "setgroups", "setresgid", "setresuid",
      "setuid", "sigaltstack", "tgkill", "write");

  private SeccompMapping() {}

  /** The filter of one seccomp isolator; ignored parts are added to {@code notes}. */
  static Optional<IsolatorSettings.Seccomp> map(Isolator isolator, List<String> notes) {
    boolean retain = isolator.name().equals("os/linux/seccomp-retain-set");
    JsonNode value = isolator.value();
    TreeSet<String> set = new TreeSet<>();
    String optOut = retain ? "@appc.io/all" : "@appc.io/empty";
    for (JsonNode item : value.get("set")) {
      String name = item.asText();
      if (name.equals(optOut)) {
        return Optional.empty();
      }
      if (name.startsWith("@")) {
        notes.add(isolator.name() + ": wildcard " + name
            + " is not one jaci knows (only " + optOut + "), ignored");
      } else {
        set.add(name);
      }
    }
    String blocked = KILL;
    OptionalInt errnoRet = OptionalInt.empty();
    String errno = value.path("errno").asText("");
    if (!errno.isEmpty()) {
      errnoRet = Errnos.number(errno);
      if (errnoRet.isPresent()) {
        blocked = ERRNO;
      } else {
        notes.add(isolator.name() + ": errno " + errno
            + " is not a Linux errno, blocked calls kill the app with SIGSYS instead");
      }
    }
    if (retain) {
      set.addAll(LIFECYCLE);
      return Optional.of(new IsolatorSettings.Seccomp(blocked, List.copyOf(set), ALLOW,
          errnoRet));
    }
    return Optional.of(new IsolatorSettings.Seccomp(ALLOW, List.copyOf(set), blocked, errnoRet));
  }
}
