package io.jaci.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a pod's user namespace maps IDs. As root: no user namespace. As another user: the user
 * is root in the pod, and with a range in {@code /etc/subuid} and {@code /etc/subgid} and
 * {@code newuidmap}/{@code newgidmap} (Debian's {@code uidmap}) IDs 1.. are that range, so
 * images with many owners work; without them only the user is mapped.
 */
record IdMapping(boolean root, Optional<Range> uids, Optional<Range> gids) {

  /** A subordinate ID range: {@code start} and {@code count}. */
  record Range(long start, long count) {}

  /** The mapping for the user jaci runs as. */
  static IdMapping ofThisUser() {
    if (Signals.euid() == 0) {
      return new IdMapping(true, Optional.empty(), Optional.empty());
    }
    String name = System.getProperty("user.name");
    String uid = Integer.toString(Signals.euid());
    String gid = Integer.toString(Signals.egid());
    boolean tools = ToolOnPath.find("newuidmap").isPresent()
        && ToolOnPath.find("newgidmap").isPresent();
    Optional<Range> u = tools ? range(Path.of("/etc/subuid"), name, uid) : Optional.empty();
    Optional<Range> g = tools ? range(Path.of("/etc/subgid"), name, gid) : Optional.empty();
    return u.isPresent() && g.isPresent() ? new IdMapping(false, u, g)
        : new IdMapping(false, Optional.empty(), Optional.empty());
  }

  static Optional<Range> range(Path file, String name, String id) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split(":");
        if (f.length == 3 && (f[0].equals(name) || f[0].equals(id))) {
          return Optional.of(new Range(Long.parseLong(f[1]), Long.parseLong(f[2])));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Whether only the user is mapped (a non-root user without subordinate ranges). */
  boolean single() {
    return !root && uids.isEmpty();
  }

  /** What the missing ranges cost, for a warning. */
  static String singleMappingCost() {
    return "no /etc/subuid and /etc/subgid range for this user (or no newuidmap and newgidmap, "
        + "Debian package uidmap): only your own user is mapped (root in the pod), so the "
        + "image's files of other owners belong to root in the pod and switching to another "
        + "user or group there fails; add a range (e.g. USER:100000:65536) to both files";
  }

  /** The {@code unshare} options that make the user namespace, if any. */
  List<String> unshareOptions() {
    List<String> o = new ArrayList<>();
    if (root) {
      return o;
    }
    o.add("--map-root-user");
    uids.ifPresent(r -> o.add("--map-users=" + r.start() + ",1," + r.count()));
    gids.ifPresent(r -> o.add("--map-groups=" + r.start() + ",1," + r.count()));
    return o;
  }
}
