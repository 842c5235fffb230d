package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a pod that has no processes left: unmounts anything still mounted under its
 * directory (deepest first), removes the cgroups its runtime made (left behind when the
 * runtime was killed), then deletes the directory. Without root the directory is deleted from
 * inside a user namespace, where files the apps made under other IDs can be removed.
 */
final class PodCleanup {
  private PodCleanup() {}

  static void remove(PodDirectory dir) throws JaciException {
    try {
      if (Signals.euid() == 0) {
        for (String mount : mountsUnder(dir.path())) {
          new ProcessBuilder(ToolOnPath.require("umount", "mount", "jaci run").toString(), "-l", mount)
              .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
              .waitFor();
        }
        removeCgroups(dir);
      }
      // without root with the user's subordinate ranges mapped too, as the pod had them
      OwnerInPods.removeTree(dir.path(), "jaci run");
    } catch (IOException e) {
      throw new JaciException("removing pod " + dir.uuid() + ": " + IoMessages.describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException("removing pod " + dir.uuid() + ": interrupted", e);
    }
  }

  /** Mount points at or under {@code dir}, deepest first, from /proc/self/mountinfo. */
  static List<String> mountsUnder(Path dir) throws IOException {
    List<String> mounts = new ArrayList<>();
    String prefix = dir.toString();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String[] f = line.split(" ");
      if (f.length > 4) {
        String point = f[4].replace("\\040", " ");
        if (point.equals(prefix) || point.startsWith(prefix + "/")) {
          mounts.add(point);
        }
      }
    }
    mounts.sort((a, b) -> b.length() - a.length());
    return mounts;
  }

  /** Removes {@code /sys/fs/cgroup/*}{@code /jaci/ID} of each of the pod's containers. */
  private static void removeCgroups(PodDirectory dir) throws IOException {
    Path cgroups = Path.of("/sys/fs/cgroup");
    if (!Files.isDirectory(cgroups)) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (String app : AppBundles.names(dir)) {
      String id = dir.containerId(app);
      ids.addAll(List.of(id, id + "-prestart", id + "-poststop"));
    }
    List<Path> roots = new ArrayList<>(List.of(cgroups));
    try (DirectoryStream<Path> s = Files.newDirectoryStream(cgroups)) {
      s.forEach(roots::add);
    }
    for (Path r : roots) {
      for (String id : ids) {
        Path cg = r.resolve("jaci").resolve(id);
        if (Files.isDirectory(cg)) {
          try {
            Files.delete(cg); // rmdir: an empty cgroup goes, a busy one stays
          } catch (IOException e) {
            // still in use or already gone: nothing more to do here
          }
        }
      }
    }
  }
}
