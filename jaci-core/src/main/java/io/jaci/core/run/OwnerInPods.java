package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives a host directory that pods bind (a Dockerfile cache mount's) an owner as a pod's user
 * namespace shows it ({@link IdMapping}): as root the IDs themselves; as a normal user with
 * subordinate ranges, from inside a user namespace mapped as a pod's (0 the user, 1.. the
 * range), so that on the host it belongs to the range's IDs, as the files a pod's processes
 * make do; with only the user mapped, only 0:0 (the user) can be shown.
 */
public final class OwnerInPods {
  private OwnerInPods() {}

  /** Whether pods of this user can see a file owned by {@code uid}:{@code gid}. */
  public static boolean canShow(long uid, long gid) {
    IdMapping ids = IdMapping.ofThisUser();
    if (ids.root()) {
      return true;
    }
    return (uid == 0 || uid <= ids.uids().map(IdMapping.Range::count).orElse(0L))
        && (gid == 0 || gid <= ids.gids().map(IdMapping.Range::count).orElse(0L));
  }

  /**
   * Removes {@code dir} with everything in it, also what pods gave other owners: as a normal
   * user from inside a user namespace mapped as a pod's, where those files are the user's to
   * remove ({@code command} names what needs it, for a missing {@code unshare}).
   */
  public static void removeTree(Path dir, String command) throws JaciException {
    IdMapping ids = IdMapping.ofThisUser();
    try {
      if (ids.root()) {
        io.jaci.core.io.AtomicOutputDirectory.deleteTree(dir);
        return;
      }
      List<String> cmd = new ArrayList<>(List.of(
          ToolOnPath.require("unshare", "util-linux", command).toString()));
      cmd.addAll(ids.unshareOptions());
      cmd.addAll(List.of("rm", "-rf", "--", dir.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() != 0 || Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new JaciException(dir + ": cannot remove it: "
            + io.jaci.core.ShortText.cut(out, 200));
      }
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException(dir + ": interrupted removing it", e);
    }
  }

  /**
   * Gives {@code dir} the owner {@code uid}:{@code gid} as pods see it.
   *
   * @throws JaciException when pods cannot show that owner ({@link #canShow}), or chown fails
   */
  public static void give(Path dir, long uid, long gid) throws JaciException {
    if (uid >= 0xffff_ffffL || gid >= 0xffff_ffffL || uid < 0 || gid < 0) {
      throw new JaciException(uid + ":" + gid + " cannot own a file (4294967295 means none)");
    }
    if (!canShow(uid, gid)) {
      throw new JaciException(dir + ": owner " + uid + ":" + gid + " is outside the IDs a pod "
          + "of this user maps (its subordinate ranges in /etc/subuid and /etc/subgid)");
    }
    IdMapping ids = IdMapping.ofThisUser();
    try {
      if (ids.root()) {
        Files.setAttribute(dir, "unix:uid", (int) uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(dir, "unix:gid", (int) gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return;
      }
      if (uid == 0 && gid == 0) {
        return; // the user's own on the host
      }
      List<String> cmd = new ArrayList<>(List.of(
          ToolOnPath.require("unshare", "util-linux", "jaci dockerfile").toString()));
      cmd.addAll(ids.unshareOptions());
      cmd.addAll(List.of("chown", "-h", "--", uid + ":" + gid, dir.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() != 0) {
        throw new JaciException(dir + ": cannot give it owner " + uid + ":" + gid
            + " in the pods' user namespace: " + io.jaci.core.ShortText.cut(out, 200));
      }
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException(dir + ": interrupted giving it its owner", e);
    }
  }
}
