package io.jaci.core.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resource limits an app gets: jaci's own, never raised (raising one is refused to an
 * unprivileged process and, on some hosts, even to a container's root). The one change is that
 * the soft limit of open files goes back to at most 1024: the JVM raises its own soft limit to
 * the hard one at start, which jaci does not want to hand down.
 */
final class Rlimits {
  static final long NOFILE_SOFT = 1024;

  private Rlimits() {}

  static List<Rlimit> forApp(Map<String, Rlimit> current) {
    List<Rlimit> limits = new ArrayList<>();
    for (Rlimit r : new TreeMap<>(current).values()) {
      long soft = r.soft();
      if (r.type().equals("RLIMIT_NOFILE") && Long.compareUnsigned(soft, NOFILE_SOFT) > 0) {
        soft = NOFILE_SOFT;
      }
      limits.add(new Rlimit(r.type(), soft, r.hard()));
    }
    return limits;
  }
}
