package io.jaci.core.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code mounts} of an OCI runtime config: {@code /proc}, {@code /dev} (a tmpfs the runtime
 * fills with null, zero, full, random, urandom, tty, console), {@code /dev/pts},
 * {@code /dev/shm}, {@code /dev/mqueue}, {@code /sys}, then the pod's {@code /etc/hosts} and
 * {@code /etc/resolv.conf} and the app's volumes. In a user namespace {@code /sys} is the
 * host's, bound read-only (a new sysfs needs a network namespace the user owns).
 */
final class OciMounts {
  private OciMounts() {}

  /**
   * @param podFiles {@code /etc/hosts} and {@code /etc/resolv.conf} of the pod, those that
   *     are bound in (target first)
   */
  static ArrayNode of(AppSpec app, boolean userNamespace, boolean ownNetwork,
      List<BindMount> podFiles) {
    ArrayNode m = JsonNodeFactory.instance.arrayNode();
    add(m, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
    add(m, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
    add(m, "/dev/pts", "devpts", "devpts", userNamespace
        ? List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")
        : List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
    add(m, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777",
        "size=65536k"));
    add(m, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
    if (userNamespace && !ownNetwork) {
      add(m, "/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro"));
    } else {
      add(m, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
    }
    for (BindMount b : podFiles) {
      bind(m, b);
    }
    for (BindMount b : app.mounts()) {
      bind(m, b);
    }
    return m;
  }

  private static void bind(ArrayNode m, BindMount b) {
    add(m, b.target(), "none", b.source().toString(), b.readOnly()
        ? List.of("rbind", "ro", "nosuid", "nodev") : List.of("rbind", "rw", "nosuid", "nodev"));
  }

  private static void add(ArrayNode m, String target, String type, String source,
      List<String> options) {
    ObjectNode o = m.addObject();
    o.put("destination", target);
    o.put("type", type);
    o.put("source", source);
    ArrayNode opts = o.putArray("options");
    options.forEach(opts::add);
  }

  static BindMount podFile(Path source, String target) {
    return new BindMount(source, target, true);
  }
}
