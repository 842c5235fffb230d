package io.jaci.core.run;

/**
 * The image's owner of what a pod's processes wrote into a rootfs in place ({@link
 * LayoutCommand}), from the owner the host sees. As root the IDs are the same; as a normal
 * user, the user is root in the pod and its subordinate range is IDs 1.. ({@link IdMapping}),
 * so a file a script gave group 42 belongs on the host to the range's start + 41.
 */
public final class PodOwners {
  private final IdMapping ids;
  private final long uid;
  private final long gid;

  PodOwners(IdMapping ids, long uid, long gid) {
    this.ids = ids;
    this.uid = uid;
    this.gid = gid;
  }

  /** The mapping of pods that this process runs. */
  public static PodOwners ofThisUser() {
    return new PodOwners(IdMapping.ofThisUser(), Signals.euid(), Signals.egid());
  }

  /** Whether the IDs are the host's (running as root: no user namespace). */
  public boolean identity() {
    return ids.root();
  }

  /** The image's user ID of a file with host user ID {@code host}; -1 if no pod gives it. */
  public long uid(long host) {
    return map(host, uid, ids.uids().orElse(null));
  }

  /** The image's group ID of a file with host group ID {@code host}; -1 if no pod gives it. */
  public long gid(long host) {
    return map(host, gid, ids.gids().orElse(null));
  }

  private long map(long host, long own, IdMapping.Range range) {
    if (ids.root()) {
      return host;
    }
    if (host == own) {
      return 0;
    }
    if (range != null && host >= range.start() && host < range.start() + range.count()) {
      return host - range.start() + 1;
    }
    return -1;
  }
}
