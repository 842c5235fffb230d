package io.jaci.core.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@link HostFacts} of this machine from {@code /proc}, {@code /sys/fs/cgroup} and
 * {@code /etc/subuid}/{@code /etc/subgid}. Where something cannot be read, it assumes the less
 * capable answer (no controller, no range), so that isolators are reported, never assumed.
 */
public final class ProbeEnvironment {
  private static final Path CGROUP = Path.of("/sys/fs/cgroup");
  private static final Pattern LIMIT_LINE =
      Pattern.compile("^(Max [a-z ]+?)\\s{2,}(\\S+)\\s+(\\S+).*$");
  private static final Map<String, String> LIMIT_NAMES = Map.ofEntries(
      Map.entry("Max cpu time", "RLIMIT_CPU"), Map.entry("Max file size", "RLIMIT_FSIZE"),
      Map.entry("Max data size", "RLIMIT_DATA"), Map.entry("Max stack size", "RLIMIT_STACK"),
      Map.entry("Max core file size", "RLIMIT_CORE"), Map.entry("Max resident set", "RLIMIT_RSS"),
      Map.entry("Max processes", "RLIMIT_NPROC"), Map.entry("Max open files", "RLIMIT_NOFILE"),
      Map.entry("Max locked memory", "RLIMIT_MEMLOCK"),
      Map.entry("Max address space", "RLIMIT_AS"), Map.entry("Max file locks", "RLIMIT_LOCKS"),
      Map.entry("Max pending signals", "RLIMIT_SIGPENDING"),
      Map.entry("Max msgqueue size", "RLIMIT_MSGQUEUE"),
      Map.entry("Max nice priority", "RLIMIT_NICE"),
      Map.entry("Max realtime priority", "RLIMIT_RTPRIO"),
      Map.entry("Max realtime timeout", "RLIMIT_RTTIME"));

  private ProbeEnvironment() {}

  /** The facts of this host for the current process. */
  public static HostFacts probe() {
    String status = read(Path.of("/proc/self/status")).orElse("");
    int uid = (int) statusField(status, "Uid").orElse(-1L).longValue();
    boolean root = uid == 0 && fullIdMap(read(Path.of("/proc/self/uid_map")).orElse(""));
    String userName = System.getProperty("user.name", "");
    HostFacts.CgroupVersion cgroups = cgroupVersion(CGROUP);
    Set<String> controllers = switch (cgroups) {
      case V2 -> root ? v2Controllers(CGROUP) : delegatedControllers(uid);
      case V1 -> root ? v1Controllers(CGROUP) : Set.of();
      case NONE -> Set.of();
    };
    return new HostFacts(root, uid, userName, cgroups, controllers,
        subIds(read(Path.of("/etc/subuid")).orElse(""), userName, uid),
        subIds(read(Path.of("/etc/subgid")).orElse(""), userName, uid),
        statusField(status, "Seccomp").isPresent(),
        read(Path.of("/proc/self/oom_score_adj")).map(String::strip)
            .filter(s -> s.matches("-?[0-9]{1,4}")).map(Integer::parseInt).orElse(0),
        rlimits(read(Path.of("/proc/self/limits")).orElse("")));
  }

  private static Optional<String> read(Path file) {
    try {
      if (Files.size(file) > 1 << 20) {
        return Optional.empty();
      }
      return Optional.of(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The first number of a {@code /proc/self/status} field ({@code Uid:	0	0	0	0}). */
  static Optional<Long> statusField(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name + ":")) {
        String[] f = line.substring(name.length() + 1).strip().split("\\s+");
        if (f.length > 0 && f[0].matches("[0-9]{1,10}")) {
          return Optional.of(Long.parseLong(f[0]));
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a {@code uid_map} maps every id to itself: the initial user namespace. */
  static boolean fullIdMap(String uidMap) {
    return uidMap.strip().split("\\s+").length == 3
        && uidMap.strip().matches("0\\s+0\\s+4294967295");
  }

  static HostFacts.CgroupVersion cgroupVersion(Path cgroup) {
    if (Files.exists(cgroup.resolve("cgroup.controllers"))) {
      return HostFacts.CgroupVersion.V2;
    }
    return Files.isDirectory(cgroup.resolve("memory")) || Files.isDirectory(cgroup.resolve("cpu"))
        ? HostFacts.CgroupVersion.V1 : HostFacts.CgroupVersion.NONE;
  }

  private static Set<String> v2Controllers(Path dir) {
    Set<String> names = new TreeSet<>();
    for (String name : read(dir.resolve("cgroup.controllers")).orElse("").strip().split("\\s+")) {
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return Set.copyOf(names);
  }

  /** Controllers of the v1 hierarchies mounted (and writable) under {@code cgroup}. */
  static Set<String> v1Controllers(Path cgroup) {
    Set<String> names = new TreeSet<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(cgroup)) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir) && Files.isWritable(dir)) {
          for (String name : dir.getFileName().toString().split(",")) {
            if (!name.equals("unified") && !name.equals("systemd") && !name.startsWith("name=")) {
              names.add(name);
            }
          }
        }
      }
    } catch (IOException e) {
      return Set.of();
    }
    return Set.copyOf(names);
  }

  /**
   * For a user other than root on cgroup v2: the controllers of the nearest cgroup above its
   * own that it owns and may write (systemd's user@UID.service with Delegate=yes).
   */
  private static Set<String> delegatedControllers(int uid) {
    String own = ownV2Cgroup(read(Path.of("/proc/self/cgroup")).orElse(""));
    if (own == null) {
      return Set.of();
    }
    for (Path dir = CGROUP.resolve(own.substring(1)); dir.startsWith(CGROUP)
        && !dir.equals(CGROUP); dir = dir.getParent()) {
      try {
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner instanceof Integer o && o == uid && Files.isWritable(dir)) {
          return v2Controllers(dir);
        }
      } catch (IOException | RuntimeException e) {
        return Set.of();
      }
    }
    return Set.of();
  }

  /** The v2 path in {@code /proc/self/cgroup} ({@code 0::/user.slice/...}), or null. */
  static String ownV2Cgroup(String procCgroup) {
    for (String line : procCgroup.split("\n")) {
      if (line.startsWith("0::/") && !line.contains("..")) {
        return line.substring(3).strip();
      }
    }
    return null;
  }

  /** The ranges of {@code /etc/subuid} (or subgid) lines {@code NAME-or-UID:START:COUNT}. */
  static List<HostFacts.IdRange> subIds(String file, String userName, long uid) {
    List<HostFacts.IdRange> ranges = new ArrayList<>();
    for (String line : file.split("\n")) {
      String[] f = line.strip().split(":");
      if (f.length == 3 && (f[0].equals(userName) || f[0].equals(Long.toString(uid)))
          && f[1].matches("[0-9]{1,10}") && f[2].matches("[0-9]{1,10}")
          && Long.parseLong(f[2]) > 0) {
        ranges.add(new HostFacts.IdRange(Long.parseLong(f[1]), Long.parseLong(f[2])));
      }
    }
    return ranges;
  }

  /** {@code /proc/self/limits} by OCI name; "unlimited" is {@link Rlimit#UNLIMITED}. */
  static Map<String, Rlimit> rlimits(String limits) {
    Map<String, Rlimit> result = new HashMap<>();
    for (String line : limits.split("\n")) {
      Matcher m = LIMIT_LINE.matcher(line);
      if (!m.matches() || !LIMIT_NAMES.containsKey(m.group(1))) {
        continue;
      }
      try {
        long soft = limit(m.group(2));
        long hard = limit(m.group(3));
        String type = LIMIT_NAMES.get(m.group(1));
        result.put(type, new Rlimit(type, soft, hard));
      } catch (IllegalArgumentException e) {
        // An unreadable line: leave that limit as the runtime finds it.
      }
    }
    return result;
  }

  private static long limit(String text) {
    return text.equals("unlimited") ? Rlimit.UNLIMITED : Long.parseUnsignedLong(text);
  }
}
