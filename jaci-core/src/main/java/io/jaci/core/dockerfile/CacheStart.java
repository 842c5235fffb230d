package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.render.TreeCopies;
import io.jaci.core.run.OwnerInPods;
import io.jaci.core.spec.ImageId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a new directory of a {@code RUN --mount=type=cache} starts as, as BuildKit makes it:
 * empty and root's, 0755; or owned and moded as its {@code uid}, {@code gid} and {@code mode}
 * say (defaults 0, 0, 0755); or a copy of the {@code source} directory (default: the root) of
 * the stage or image {@code from} names, with those options and no {@code source} its
 * {@code /cache} (made when missing). BuildKit keys a cache by its id and the snapshot it
 * starts from (the stage's, or the file operation's that makes the directory when any of
 * {@code uid}, {@code gid} and {@code mode} is given): a cache with other options (even the
 * defaults written out) or another stage image is another cache ({@link #base}).
 */
final class CacheStart {
  private final BuildSession session;
  private final RunMount mount;
  private final Path seed;
  private final String base;

  private CacheStart(BuildSession session, RunMount mount, Path seed, String base) {
    this.session = session;
    this.mount = mount;
    this.seed = seed;
    this.base = base;
  }

  /** The start of cache mount {@code m} of the RUN at {@code line}. */
  static CacheStart of(BuildSession session, RunMount m, int line) throws JaciException {
    String owner = !ownerApplies(m) ? "" : "owner " + (m.uid() != null ? m.uid() : 0) + ":"
        + (m.gid() != null ? m.gid() : 0) + " mode "
        + Integer.toOctalString(m.mode() != null ? m.mode() : 0755);
    if (m.from() == null) {
      if (m.source() != null) {
        throw new DockerfileException(line, "RUN --mount=" + m.raw() + ": a cache's source is "
            + "a path in its from= (a stage or image); add from=");
      }
      return new CacheStart(session, m, null, owner);
    }
    // as BuildKit's path.Join("/", source): "s/sub", "/s/sub/" and "/x/../s/sub" are one
    String path = m.source() != null ? Path.of("/").resolve(m.source()).normalize().toString()
        : ownerOptions(m) ? "/cache" : "/";
    Path dir = session.contextOf(m.from()).follow(path, m.raw());
    if (m.source() != null && !Files.isDirectory(dir)) {
      throw new DockerfileException(line, "RUN --mount=" + m.raw() + ": the source is not a "
          + "directory in " + m.from());
    }
    ImageId image = session.imageOf(m.from());
    return new CacheStart(session, m, Files.isDirectory(dir) ? dir : null,
        "from " + image + " " + path + (owner.isEmpty() ? "" : " " + owner));
  }

  private static boolean ownerOptions(RunMount m) {
    return m.uid() != null || m.gid() != null || m.mode() != null;
  }

  /** Whether the cache's {@code uid}, {@code gid} and {@code mode} apply: not with a source. */
  private static boolean ownerApplies(RunMount m) {
    return ownerOptions(m) && m.source() == null;
  }

  /** What the cache starts from ({@link CacheMounts#acquire}): "" for an empty directory. */
  String base() {
    return base;
  }

  /**
   * Makes a cache directory: a copy of the seed's tree (without root, owned by the user: root's
   * in the RUN), or an empty directory (0755); then the owner and mode the options say, as the
   * RUN sees them: without root the owner is given in the pods' user namespace ({@link
   * OwnerInPods}), so on the disk it belongs to the user's subordinate IDs; an owner the pods
   * cannot show is a warning, and the directory stays root's in the RUN.
   */
  void make(Path dir) throws JaciException, IOException {
    if (seed != null) {
      TreeCopies.copy(seed, dir);
    } else {
      Files.createDirectory(dir);
      Files.setAttribute(dir, "unix:mode", 0755);
    }
    if (!ownerApplies(mount)) {
      return;
    }
    Files.setAttribute(dir, "unix:mode", mount.mode() != null ? mount.mode() : 0755);
    long uid = mount.uid() != null ? mount.uid() : 0;
    long gid = mount.gid() != null ? mount.gid() : 0;
    if (!OwnerInPods.canShow(uid, gid)) {
      session.listener().warning("RUN --mount=" + mount.raw() + ": owner " + uid + ":" + gid
          + " is not mapped in this user's pods (no subordinate range in /etc/subuid and "
          + "/etc/subgid covers it): the cache directory is root's in the RUN");
      return;
    }
    OwnerInPods.give(dir, uid, gid);
  }
}
