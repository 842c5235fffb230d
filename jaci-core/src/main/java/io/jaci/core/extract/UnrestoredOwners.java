package io.jaci.core.extract;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The owners an extraction could not give (a normal user's), by entry path relative to the
 * tree ({@code ""} is the tree's top): what a user namespace with the image's IDs mapped must
 * give the tree's files before its apps run. An entry whose owner is root (which the files of
 * a normal user are in its own user namespace) is not listed; a later entry for the same path
 * replaces an earlier one, so one instance may hear every layer of an image in order.
 */
public final class UnrestoredOwners {
  /** The owner an entry should have, with its mode (chown clears setuid and setgid bits). */
  public record Owner(long uid, long gid, int mode, boolean symlink) {}

  private final Map<String, Owner> byPath = new LinkedHashMap<>();

  void note(String rel, TarHeader h, boolean given) {
    if (given || (h.uid() == 0 && h.gid() == 0)) {
      byPath.remove(rel);
    } else {
      byPath.put(rel, new Owner(h.uid(), h.gid(), h.mode() & 07777,
          h.type() == TarEntryType.SYMLINK));
    }
  }

  /** The entries, in the order they were first laid down. */
  public Map<String, Owner> entries() {
    return Collections.unmodifiableMap(byPath);
  }
}
