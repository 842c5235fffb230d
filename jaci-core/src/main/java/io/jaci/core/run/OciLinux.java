package io.jaci.core.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code linux} part of an OCI runtime config: only a mount namespace of the app's own
 * (pid, network, IPC and UTS are the pod's, made by the process that starts the runtime, so
 * that the apps of a pod share them), cgroup resources from isolators, and the paths the
 * runtime masks or makes read-only, as runc's default config does.
 */
final class OciLinux {
  private static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound",
      "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
      "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi");
  private static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq",
      "/proc/sys", "/proc/sysrq-trigger");

  private OciLinux() {}

  static ObjectNode of(AppSpec app, String cgroupsPath, boolean cgroups) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode l = f.objectNode();
    l.putArray("namespaces").addObject().put("type", "mount");
    ArrayNode masked = l.putArray("maskedPaths");
    MASKED.forEach(masked::add);
    ArrayNode ro = l.putArray("readonlyPaths");
    READ_ONLY.forEach(ro::add);
    if (cgroups) {
      l.put("cgroupsPath", cgroupsPath);
      ObjectNode res = l.putObject("resources");
      ProcessLimits p = app.process();
      p.memoryLimit().ifPresent(v -> res.putObject("memory").put("limit", v));
      if (p.cpuQuota().isPresent() || p.cpuShares().isPresent()) {
        ObjectNode cpu = res.putObject("cpu");
        p.cpuQuota().ifPresent(q -> cpu.put("quota", q).put("period", p.cpuPeriod()));
        p.cpuShares().ifPresent(s -> cpu.put("shares", s));
      }
    }
    return l;
  }
}
