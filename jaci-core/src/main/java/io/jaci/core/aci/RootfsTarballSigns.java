package io.jaci.core.aci;

import java.util.Set;
import java.util.TreeSet;

/**
 * Whether an archive that is no ACI looks like a root filesystem tarball (what
 * {@code jaci from-rootfs} makes an ACI of): top-level directories such as {@code bin},
 * {@code etc} and {@code usr} where an ACI has {@code manifest} and {@code rootfs}.
 */
final class RootfsTarballSigns {
  private static final Set<String> ROOT_DIRECTORIES = Set.of("bin", "boot", "dev", "etc",
      "home", "lib", "lib64", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv",
      "sys", "tmp", "usr", "var");

  private final Set<String> found = new TreeSet<>();

  /** Notes the top-level directory of {@code cleanName}, an entry outside rootfs/. */
  void topLevel(String cleanName) {
    int slash = cleanName.indexOf('/');
    String top = slash < 0 ? cleanName : cleanName.substring(0, slash);
    if (ROOT_DIRECTORIES.contains(top)) {
      found.add(top);
    }
  }

  /** Two or more of the usual root directories: a root filesystem, most likely. */
  boolean looksLikeRootfs() {
    return found.size() >= 2;
  }

  /** The line telling the user what to do with such an archive. */
  String hint() {
    StringBuilder dirs = new StringBuilder();
    found.stream().limit(3).forEach(d -> dirs.append(d).append("/, "));
    return "this looks like a root filesystem tarball (" + dirs + "... at the top, no manifest"
        + " or rootfs), not an ACI: make an ACI of it with jaci from-rootfs";
  }
}
