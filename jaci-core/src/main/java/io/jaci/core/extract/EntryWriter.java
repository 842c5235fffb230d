package io.jaci.core.extract;

import io.jaci.core.ProgressListener;
import io.jaci.core.fs.CreationModes;
import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.fs.Xattrs;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lays down one entry at a time in a {@link RootedTree} with its metadata, in the order that
 * keeps it: content, owner (which clears setuid bits and capabilities), extended attributes,
 * mtime, mode. What an unprivileged process cannot restore goes to {@link NotRestored}.
 *
 * <p>It skips the calls that would change nothing, which on trees of thousands of files is
 * much of the time: no chown when the entry's owner is the one a new entry gets anyway (the
 * process's, where {@link RootedTree#foreignGroup()} says no directory passes on another
 * group), and no chmod of a file created with its mode ({@link CreationModes}).
 */
final class EntryWriter {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int COPY_BUFFER = 1 << 20;
  private static final int OWNER_ALL = 0700;
  private static final int OWNER_READ = 0400;
  private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE);

  private final RootedTree tree;
  private final boolean restoreOwners;
  private final boolean privileged;
  private final long uid;
  private final long gid;
  private final ProgressListener progress;
  private final NotRestored notRestored = new NotRestored();
  private final byte[] buffer = new byte[COPY_BUFFER];
  private long contentBytes;
  private boolean ownerLockedOut;
  private UnrestoredOwners unrestored;

  EntryWriter(RootedTree tree, boolean restoreOwners, boolean privileged,
      ProgressListener progress) {
    this.tree = tree;
    this.restoreOwners = restoreOwners;
    this.privileged = privileged;
    this.uid = SpecialFiles.effectiveUid();
    this.gid = SpecialFiles.effectiveGid();
    this.progress = progress;
  }

  /** Where the owners this writer does not give are noted, or null. */
  void unrestoredOwners(UnrestoredOwners value) {
    this.unrestored = value;
  }

  long contentBytes() {
    return contentBytes;
  }

  NotRestored notRestored() {
    return notRestored;
  }

  /** Whether a normal user's entry got a mode that keeps it out. */
  boolean ownerLockedOut() {
    return ownerLockedOut;
  }

  void directory(String rel, TarHeader h) throws IOException {
    boolean created = tree.makeDirectory(rel);
    Path p = tree.path(rel);
    if (owner(rel, h, created)) {
      tree.noteDirectoryGroup(h.gid());
    }
    xattrs(p, h, false);
    int mode = h.mode() & 07777;
    if (!privileged && (mode & OWNER_ALL) != OWNER_ALL) {
      // keep writing into it possible until the end
      chmod(p, mode | OWNER_ALL);
      tree.deferMode(rel, mode);
      ownerLockedOut = true;
    } else {
      chmod(p, mode);
      tree.deferMode(rel, null);
    }
    tree.deferMtime(rel, h.mtime());
  }

  void regular(String rel, TarHeader h, TarReader content) throws IOException {
    // a file its owner may not read (0000, as /etc/shadow on Fedora) is made readable and
    // given its mode last, and noted: a tree cache keeps it open to its owner
    boolean unreadable = !privileged && (h.mode() & OWNER_READ) == 0;
    ownerLockedOut |= unreadable;
    Optional<FileAttribute<Set<PosixFilePermission>>> exact =
        unreadable ? Optional.empty() : CreationModes.exactly(h.mode());
    try (FileChannel out = tree.createFresh(rel, p -> exact.isPresent()
        ? FileChannel.open(p, CREATE, exact.get()) : FileChannel.open(p, CREATE))) {
      // through the kernel from a stored blob, without copying the bytes through Java
      long n = content.transferContent(out, buffer);
      contentBytes += n;
      progress.advance(n);
    }
    Path p = tree.path(rel);
    owner(rel, h);
    xattrs(p, h, false);
    FileTime t = seconds(h.mtime());
    SpecialFiles.setTimes(p, t, t);
    if (exact.isEmpty()) {
      chmod(p, h.mode() & 07777);
    }
  }

  void symlink(String rel, TarHeader h) throws IOException {
    String target = h.linkName();
    Path link = Path.of(target);
    if (link.toString().equals(target)) {
      tree.createFresh(rel, p -> Files.createSymbolicLink(p, link));
    } else {
      // Path would drop a doubled or trailing slash; the target is stored verbatim
      tree.createFresh(rel, p -> {
        SpecialFiles.symlink(target, p);
        return p;
      });
    }
    Path p = tree.path(rel);
    owner(rel, h);
    xattrs(p, h, true);
    FileTime t = seconds(h.mtime());
    SpecialFiles.setTimes(p, t, t);
  }

  /** A hard link to {@code targetRel}, which the caller checked is a reachable non-directory. */
  void hardLink(String rel, String targetRel) throws IOException {
    Path target = tree.path(targetRel);
    tree.createFresh(rel, p -> Files.createLink(p, target));
  }

  void fifo(String rel, TarHeader h) throws IOException {
    tree.createFresh(rel, p -> {
      SpecialFiles.mkfifo(p, 0600);
      return p;
    });
    special(rel, h);
  }

  /** Creates a device node; returns false when it could not (not privileged). */
  boolean device(String rel, TarHeader h) throws IOException {
    if (!privileged) {
      notRestored.device("/" + rel, "need root");
      return false;
    }
    boolean block = h.type() == TarEntryType.BLOCK_DEVICE;
    boolean created = tree.createFresh(rel, p -> SpecialFiles.mknod(p, block, 0600,
        h.devMajor(), h.devMinor()));
    if (!created) {
      notRestored.device("/" + rel, "mknod not permitted");
      return false;
    }
    special(rel, h);
    return true;
  }

  /** The metadata of a FIFO or device, which must never be opened. */
  private void special(String rel, TarHeader h) throws IOException {
    Path p = tree.path(rel);
    owner(rel, h);
    xattrs(p, h, false);
    SpecialFiles.setMtime(p, h.mtime());
    chmod(p, h.mode() & 07777);
  }

  private void owner(String rel, TarHeader h) throws IOException {
    owner(rel, h, true);
  }

  /**
   * Gives {@code p} the entry's owner; returns whether it has it now. {@code created}: made
   * by this writer just now, so that it has the owner of a new entry.
   */
  private boolean owner(String rel, TarHeader h, boolean created) throws IOException {
    boolean given = giveOwner(tree.path(rel), h, created);
    if (unrestored != null) {
      unrestored.note(rel, h, given);
    }
    return given;
  }

  private boolean giveOwner(Path p, TarHeader h, boolean created) throws IOException {
    if (!restoreOwners) {
      if (h.uid() != uid || h.gid() != gid) {
        notRestored.owner(privileged ? "restoring owners is off" : "not running as root");
      }
      return false;
    }
    if (created && h.uid() == uid && h.gid() == gid && !tree.foreignGroup()) {
      return true; // what it got at creation
    }
    try {
      Files.setAttribute(p, "unix:uid", (int) h.uid(), NOFOLLOW);
      Files.setAttribute(p, "unix:gid", (int) h.gid(), NOFOLLOW);
      return true;
    } catch (AccessDeniedException e) {
      notRestored.owner("lchown not permitted");
    } catch (FileSystemException e) {
      if (!"Operation not permitted".equals(e.getReason())
          && !"Invalid argument".equals(e.getReason())) {
        throw e;
      }
      // EPERM, or EINVAL for an id not mapped in this user namespace
      notRestored.owner("lchown not permitted");
    }
    return false;
  }

  private void xattrs(Path p, TarHeader h, boolean symlink) throws IOException {
    if (h.xattrs().isEmpty()) {
      return;
    }
    TreeSet<String> notPermitted = new TreeSet<>();
    TreeSet<String> notSupported = new TreeSet<>();
    for (Map.Entry<String, byte[]> x : h.xattrs().entrySet()) {
      switch (Xattrs.write(p, x.getKey(), x.getValue())) {
        case NOT_PERMITTED -> {
          if (symlink && x.getKey().startsWith("user.")) {
            notSupported.add(x.getKey()); // the kernel allows user.* on no symlink
          } else {
            notPermitted.add(x.getKey());
          }
        }
        case NOT_SUPPORTED -> notSupported.add(x.getKey());
        default -> { }
      }
    }
    if (!notPermitted.isEmpty()) {
      notRestored.xattrs(notPermitted, privileged ? "not permitted" : "needs root");
    }
    if (!notSupported.isEmpty()) {
      notRestored.xattrs(notSupported, "not supported here");
    }
  }

  /** chmod, following links: only ever called on what was just created, never a symlink. */
  private static void chmod(Path p, int mode) throws IOException {
    Files.setAttribute(p, "unix:mode", mode);
  }

  private static FileTime seconds(long s) {
    return FileTime.fromMillis(s * 1000);
  }
}
