package io.jaci.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Resolves an absolute path of an image inside its rootfs as the app would see it after
 * chroot: symlinks are followed, but an absolute target or {@code ..} never leaves the rootfs.
 */
public final class RootfsPaths {
  /** As the kernel's MAXSYMLINKS: more links in one lookup is a loop. */
  static final int MAX_LINKS = 40;

  private RootfsPaths() {}

  /**
   * The host path of {@code path} (absolute, as in the image) under {@code rootfs}; the last
   * component is resolved too when it is a symlink. The result may not exist.
   *
   * @throws IOException when a symlink loop is found or a link cannot be read
   */
  public static Path resolve(Path rootfs, String path) throws IOException {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("\"" + path + "\" must be an absolute path");
    }
    Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
    Deque<String> done = new ArrayDeque<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        done.pollLast(); // at the root, ".." stays at the root, as after chroot
        continue;
      }
      Path candidate = rootfs.resolve(String.join("/", done)).resolve(part);
      if (!Files.isSymbolicLink(candidate)) {
        done.addLast(part);
        continue;
      }
      if (++links > MAX_LINKS) {
        throw new IOException(path + ": more than " + MAX_LINKS
            + " symbolic links (a loop?) in the image");
      }
      String target = Files.readSymbolicLink(candidate).toString();
      if (target.startsWith("/")) {
        done.clear();
      }
      List<String> targetParts = List.of(target.split("/"));
      for (int i = targetParts.size() - 1; i >= 0; i--) {
        todo.addFirst(targetParts.get(i));
      }
    }
    return done.isEmpty() ? rootfs : rootfs.resolve(String.join("/", done));
  }
}
