package io.jaci.core.render;

import io.jaci.core.spec.PathWhitelist;
import io.jaci.core.tar.TarEntryType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which paths of a layer survive its path whitelists (appc spec: "When non-empty, the
 * rendered rootfs contains only those paths"): a path is kept when every whitelist lists it;
 * a directory is also kept when every whitelist lists something below it, so that the
 * listed files keep their parent directories' own modes and owners.
 */
final class WhitelistFilter {
  private final List<Set<String>> listed = new ArrayList<>();
  private final List<Set<String>> parents = new ArrayList<>();

  WhitelistFilter(List<PathWhitelist> whitelists) {
    for (PathWhitelist w : whitelists) {
      Set<String> paths = new HashSet<>();
      Set<String> dirs = new HashSet<>();
      for (String p : w.asList()) {
        String clean = clean(p);
        paths.add(clean);
        for (int slash = clean.lastIndexOf('/'); slash > 0; slash = clean.lastIndexOf('/', slash - 1)) {
          dirs.add(clean.substring(0, slash));
        }
      }
      listed.add(paths);
      parents.add(dirs);
    }
  }

  /** Whether nothing is filtered out. */
  boolean keepsAll() {
    return listed.isEmpty();
  }

  /** {@code path} is absolute inside the rootfs, e.g. {@code /etc/passwd}. */
  boolean keep(String path, TarEntryType type) {
    String clean = clean(path);
    for (int i = 0; i < listed.size(); i++) {
      boolean kept = listed.get(i).contains(clean)
          || (type == TarEntryType.DIRECTORY && parents.get(i).contains(clean));
      if (!kept) {
        return false;
      }
    }
    return true;
  }

  private static String clean(String p) {
    String s = p;
    while (s.length() > 1 && s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.startsWith("/") ? s : "/" + s;
  }
}
