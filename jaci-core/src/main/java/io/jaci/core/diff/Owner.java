package io.jaci.core.diff;

/**
 * A numeric owner, {@code UID:GID}: who owns, in a diff build, the files a normal user added
 * (they belong to that user on disk, which says nothing about the image).
 */
public record Owner(long uid, long gid) {
  /** root, 0:0. */
  public static final Owner ROOT = new Owner(0, 0);

  public Owner {
    if (uid < 0 || gid < 0 || uid > 0xffffffffL || gid > 0xffffffffL) {
      throw new IllegalArgumentException("owner " + uid + ":" + gid + " is not a valid UID:GID");
    }
  }

  /** Parses {@code UID:GID}, both numbers. */
  public static Owner parse(String text) {
    int colon = text.indexOf(':');
    try {
      if (colon > 0) {
        return new Owner(Long.parseLong(text.substring(0, colon)),
            Long.parseLong(text.substring(colon + 1)));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("owner \"" + text + "\" is not UID:GID (two numbers, "
        + "e.g. 0:0)");
  }
}
