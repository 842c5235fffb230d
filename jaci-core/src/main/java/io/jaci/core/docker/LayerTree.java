package io.jaci.core.docker;

import io.jaci.core.tar.EntryPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The paths of the tree that the layers laid down so far make, bottom-up, for layered
 * conversions: what a layer's whiteouts delete, and so its {@code pathWhitelist}.
 */
final class LayerTree {
  /** Path (clean, relative) to whether it is a directory. */
  private final NavigableMap<String, Boolean> paths = new TreeMap<>();
  private final UserFiles users = new UserFiles();

  /**
   * Lays a layer over the tree: first its whiteouts delete from the layers below, then its
   * entries are added (a non-directory replaces what was below it, parents become
   * directories).
   *
   * @param entries the layer's paths (no whiteouts) to whether each is a directory
   * @param userFiles the layer's regular {@code etc/passwd} and {@code etc/group}
   * @return whether a whiteout deleted anything, so that the layer needs a whitelist
   */
  boolean apply(List<EntryPath.Whiteout> whiteouts, Map<String, Boolean> entries,
      Map<String, byte[]> userFiles) {
    int before = paths.size();
    for (EntryPath.Whiteout w : whiteouts) {
      if (w.path() == null) {
        continue;
      }
      if (w.opaque() && w.path().isEmpty()) {
        paths.clear();
      } else {
        removeBelow(w.path());
        if (!w.opaque()) {
          paths.remove(w.path());
        }
      }
    }
    boolean deleted = paths.size() < before;
    entries.forEach((path, directory) -> {
      if (!directory) {
        removeBelow(path);
      }
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        String parent = path.substring(0, slash);
        if (!Boolean.TRUE.equals(paths.get(parent))) {
          paths.put(parent, true);
        }
      }
      paths.put(path, directory);
    });
    for (String f : new String[] {UserFiles.PASSWD, UserFiles.GROUP}) {
      if (userFiles.containsKey(f)) {
        users.put(f, userFiles.get(f));
      } else if (entries.containsKey(f) || !paths.containsKey(f)) {
        users.remove(f); // replaced by a non-file, or deleted
      }
    }
    return deleted;
  }

  /** Keeps only the listed paths (a stored layer's {@code pathWhitelist}). */
  void retain(Set<String> relativePaths) {
    paths.keySet().retainAll(relativePaths);
    for (String f : new String[] {UserFiles.PASSWD, UserFiles.GROUP}) {
      if (!paths.containsKey(f)) {
        users.remove(f);
      }
    }
  }

  private void removeBelow(String path) {
    paths.subMap(path + "/", true, path + "0", false).clear(); // '0' follows '/'
  }

  /** Every path as an absolute whitelist entry, sorted. */
  List<String> whitelist() {
    List<String> list = new ArrayList<>(paths.size());
    for (String p : paths.keySet()) {
      list.add("/" + p);
    }
    return list;
  }

  boolean contains(String path) {
    return paths.containsKey(path);
  }

  UserFiles users() {
    return users;
  }
}
