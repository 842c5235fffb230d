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
    return write(appDir, TreeOwners.of(lower));
  }

  /** Writes the lists of {@code entries} into {@code appDir}; whether there were any. */
  static boolean write(Path appDir, List<TreeOwners.Entry> entries) throws IOException {
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

  /**
   * Marks {@code appDir} for {@link #keepScript}: after the app, the owners it left are listed
   * and the files given back to the user (only without root, with subordinate ranges).
   */
  static void keep(Path appDir) throws IOException {
    Files.createDirectories(appDir.resolve(KEPT));
  }

  private static final String KEPT = "kept-owners";

  /**
   * The holder's lines that, once the app has ended, list every entry of {@code rootfs} that
   * is not root's in the pod ({@code UID GID MODE TYPE ./path}, NUL-terminated) and give it
   * back to root in the pod, the user on the host, with its setuid and setgid bits (chown
   * clears them), so that the user can read and remove everything again; nothing without the
   * mark of {@link #keep}. The list is read by {@link #kept}.
   */
  static String keepScript(Path appDir, Path rootfs) {
    String k = PodScript.quote(appDir.resolve(KEPT).toString());
    return "  if [ -d " + k + " ]; then\n"
        + "    (cd " + PodScript.quote(rootfs.toString()) + " || exit 125\n"
        + "    find . -xdev \\( ! -uid 0 -o ! -gid 0 \\) -fprintf " + k + "/list "
        + "'%U %G %m %y %p\\0' -fprint0 " + k + "/paths \\( -perm /6000 ! -type l "
        + "-fprintf " + k + "/modes '%m\\0%p\\0' -o -true \\) || exit 125\n"
        + "    xargs -0 -r chown -h 0:0 < " + k + "/paths || exit 125\n"
        + "    xargs -0 -r -n 2 chmod < " + k + "/modes || exit 125\n"
        + "    touch " + k + "/done) </dev/null\n"
        + "  fi\n";
  }

  /**
   * The owners {@link #keepScript} listed in {@code appDir} (each with its mode and whether
   * it is a symbolic link); fails when the list was not finished.
   */
  static List<TreeOwners.Entry> kept(Path appDir) throws IOException {
    Path k = appDir.resolve(KEPT);
    if (!Files.isRegularFile(k.resolve("done"))) {
      throw new IOException("the owners the command left were not listed (see the output "
          + "above; is GNU find installed?)");
    }
    String text = Files.readString(k.resolve("list"), StandardCharsets.UTF_8);
    List<TreeOwners.Entry> out = new java.util.ArrayList<>();
    for (String record : text.split("\0")) {
      if (record.isEmpty()) {
        continue;
      }
      String[] f = record.split(" ", 5);
      if (f.length != 5 || !(f[4].equals(".") || f[4].startsWith("./"))) {
        throw new IOException("unexpected line in the list of owners: " + record);
      }
      String path = f[4].equals(".") ? "" : f[4].substring(2);
      try {
        out.add(new TreeOwners.Entry(path, Long.parseLong(f[0]), Long.parseLong(f[1]),
            Integer.parseInt(f[2], 8), f[3].equals("l")));
      } catch (NumberFormatException e) {
        throw new IOException("unexpected line in the list of owners: " + record, e);
      }
    }
    return out;
  }
}
