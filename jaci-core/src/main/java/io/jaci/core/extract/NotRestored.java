package io.jaci.core.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Collects what an unprivileged extraction had to leave out, summarized once per kind. */
final class NotRestored {
  private static final int EXAMPLES = 3;

  private long owners;
  private String ownersReason;
  private final List<String> devices = new ArrayList<>();
  private long deviceCount;
  private String devicesReason;
  /** Reason (e.g. "security.capability needs root") -> number of files. */
  private final Map<String, Long> xattrFiles = new TreeMap<>();
  private final Map<String, TreeSet<String>> xattrNames = new TreeMap<>();

  void owner(String reason) {
    owners++;
    ownersReason = reason;
  }

  void device(String path, String reason) {
    deviceCount++;
    devicesReason = reason;
    if (devices.size() < EXAMPLES) {
      devices.add(path);
    }
  }

  /** One file's attributes in {@code names} were not set, because of {@code why}. */
  void xattrs(TreeSet<String> names, String why) {
    xattrFiles.merge(why, 1L, Long::sum);
    xattrNames.computeIfAbsent(why, k -> new TreeSet<>()).addAll(names);
  }

  List<String> lines() {
    List<String> lines = new ArrayList<>();
    if (owners > 0) {
      lines.add("owners of " + owners + (owners == 1 ? " file" : " files") + " ("
          + ownersReason + ")");
    }
    if (deviceCount > 0) {
      lines.add(deviceCount + (deviceCount == 1 ? " device node" : " device nodes") + " ("
          + devicesReason + "): " + String.join(", ", devices)
          + (deviceCount > devices.size() ? ", ..." : ""));
    }
    for (Map.Entry<String, Long> e : xattrFiles.entrySet()) {
      long n = e.getValue();
      lines.add("extended attributes of " + n + (n == 1 ? " file" : " files") + " ("
          + String.join(", ", xattrNames.get(e.getKey())) + " " + e.getKey() + ")");
    }
    return lines;
  }
}
