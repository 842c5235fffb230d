package io.jaci.core.run;

import io.jaci.core.render.TreeOwners;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Gives an app's view of a cached tree that a normal user rendered the owners it lacks
 * ({@link TreeOwners}), in the pod's user namespace with the user's subordinate ranges mapped:
 * the app's directory gets {@code owners/UID:GID} and {@code modes/MODE} lists of
 * NUL-terminated paths ({@code ./path}, relative to the rootfs), which the holder applies with
 * {@code xargs -0 chown -h} and {@code chmod} after mounting the rootfs and before any of the
 * app's processes start. Only the overlay's upper layer changes (a copy-up of those files).
 */
final class TreeOwnership {
  private TreeOwnership() {}

  /** Writes the lists for the tree {@code lower} into {@code appDir}; whether there were any. */
  static boolean write(Path appDir, Path lower) throws IOException {
    List<TreeOwners.Entry> entries = TreeOwners.of(lower);
    for (TreeOwners.Entry e : entries) {
      String path = e.path().isEmpty() ? "." : "./" + e.path();
      append(appDir.resolve("owners").resolve(e.uid() + ":" + e.gid()), path);
      if (!e.symlink() && (e.mode() & 06000) != 0) {
        // chown clears setuid and setgid bits: give the mode again
        append(appDir.resolve("modes").resolve(Integer.toOctalString(e.mode())), path);
      }
    }
    return !entries.isEmpty();
  }

  private static void append(Path list, String path) throws IOException {
    Files.createDirectories(list.getParent());
    Files.write(list, (path + "\0").getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** The holder's lines that apply the lists in {@code appDir} to {@code rootfs}, if any. */
  static String script(Path appDir, Path rootfs) {
    String d = PodScript.quote(appDir.toString());
    return "if [ -d " + d + "/owners ]; then\n"
        + "  (cd " + PodScript.quote(rootfs.toString()) + " || exit 125\n"
        + "  for f in " + d + "/owners/*; do xargs -0 -r chown -h -- \"${f##*/}\" < \"$f\"; done\n"
        + "  for f in " + d + "/modes/*; do [ -f \"$f\" ] && xargs -0 -r chmod -- \"${f##*/}\" "
        + "< \"$f\"; done\n"
        + "  exit 0) || exit 125\n"
        + "fi\n";
  }
}
