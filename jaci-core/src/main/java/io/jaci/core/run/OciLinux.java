package io.jaci.core.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code linux} part of an OCI runtime config: only a mount namespace of the app's own
 * (pid, network, IPC and UTS are the pod's, made by the process that starts the runtime, so
 * that the apps of a pod share them), cgroup resources, sysctls and seccomp from the
 * isolators, and the paths the runtime masks or makes read-only, as runc's default config does.
 */
final class OciLinux {
  private static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound",
      "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
      "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi");
  private static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq",
      "/proc/sys", "/proc/sysrq-trigger");

  private OciLinux() {}

  /** @param cgroups whether the runtime may make cgroups (false without root on cgroup v1) */
  static ObjectNode of(AppSpec app, String cgroupsPath, boolean cgroups) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode l = f.objectNode();
    l.putArray("namespaces").addObject().put("type", "mount");
    ArrayNode masked = l.putArray("maskedPaths");
    MASKED.forEach(masked::add);
    ArrayNode ro = l.putArray("readonlyPaths");
    READ_ONLY.forEach(ro::add);
    IsolatorSettings p = app.process();
    if (cgroups) {
      l.put("cgroupsPath", cgroupsPath);
      ObjectNode res = l.putObject("resources");
      if (p.memoryLimitBytes().isPresent() || p.memoryReservationBytes().isPresent()) {
        ObjectNode memory = res.putObject("memory");
        p.memoryLimitBytes().ifPresent(v -> memory.put("limit", v));
        p.memoryReservationBytes().ifPresent(v -> memory.put("reservation", v));
      }
      if (p.cpuQuotaMicros().isPresent() || p.cpuShares().isPresent()) {
        ObjectNode cpu = res.putObject("cpu");
        p.cpuQuotaMicros().ifPresent(q -> cpu.put("quota", q).put("period", p.cpuPeriodMicros()));
        p.cpuShares().ifPresent(s -> cpu.put("shares", s));
      }
    }
    if (!p.sysctls().isEmpty()) {
      ObjectNode sysctl = l.putObject("sysctl");
      new TreeMap<>(p.sysctls()).forEach(sysctl::put);
    }
    p.seccomp().ifPresent(s -> l.set("seccomp", seccomp(s)));
    return l;
  }

  private static ObjectNode seccomp(IsolatorSettings.Seccomp s) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("defaultAction", s.defaultAction());
    if (s.defaultAction().equals("SCMP_ACT_ERRNO")) {
      s.errnoRet().ifPresent(e -> o.put("defaultErrnoRet", e));
    }
    ArrayNode arches = o.putArray("architectures");
    arches.add("SCMP_ARCH_X86_64").add("SCMP_ARCH_X86").add("SCMP_ARCH_X32")
        .add("SCMP_ARCH_AARCH64").add("SCMP_ARCH_ARM");
    if (!s.syscalls().isEmpty()) {
      ObjectNode rule = o.putArray("syscalls").addObject();
      ArrayNode names = rule.putArray("names");
      s.syscalls().forEach(names::add);
      rule.put("action", s.action());
      if (s.action().equals("SCMP_ACT_ERRNO")) {
        s.errnoRet().ifPresent(e -> rule.put("errnoRet", e));
      }
    }
    return o;
  }

}
