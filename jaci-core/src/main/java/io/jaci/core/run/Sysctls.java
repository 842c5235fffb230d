package io.jaci.core.run;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code os/unix/sysctl} isolator. ace.md: "Implementations SHOULD validate keys before
 * applying sysctl parameters. For example, a Linux implementation may want to only allow entries
 * related to a specific namespaced subtree like net.*. In such case, implementations MUST either
 * ignore forbidden parameters or refuse to run the pod alltogether." jaci keeps the keys that
 * belong to the pod's own namespaces (IPC always, UTS's domain name, net.* only with a network
 * namespace of its own) and ignores the rest, naming each.
 */
final class Sysctls {
  private static final Set<String> IPC = Set.of("kernel.msgmax", "kernel.msgmnb",
      "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni",
      "kernel.shm_rmid_forced");
  private static final Pattern KEY = Pattern.compile("[a-z0-9_]+(\\.[a-zA-Z0-9_-]+)+");

  private Sysctls() {}

  static Map<String, String> keep(Map<String, String> wanted, boolean ownNetworkNamespace,
      List<String> notes) {
    Map<String, String> kept = new TreeMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(wanted).entrySet()) {
      String key = e.getKey();
      String why = null;
      if (!KEY.matcher(key).matches()) {
        why = "is not a sysctl name";
      } else if (e.getValue().contains("\n")) {
        why = "has a value with a line break";
      } else if (key.startsWith("net.")) {
        if (!ownNetworkNamespace) {
          why = "would change the host's network settings (--net host); use --net private or"
              + " none";
        }
      } else if (!IPC.contains(key) && !key.startsWith("fs.mqueue.")
          && !key.equals("kernel.domainname")) {
        why = "is not confined to the pod's namespaces";
      }
      if (why == null) {
        kept.put(key, e.getValue());
      } else {
        notes.add("os/unix/sysctl: " + key + " " + why + ", ignored");
      }
    }
    return kept;
  }
}
