package io.jaci.core.render;

import io.jaci.core.fs.CreationModes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Copies a rendered tree the way {@code cp -a} does: contents (through the kernel, without
 * passing the bytes through Java), modes with setuid/setgid/sticky bits, owners when
 * permitted, mtimes, symlinks as links, hard links as links. Directory metadata is set after
 * the directory's children are in place, so read-only directories copy too.
 *
 * <p>Per file it makes only the calls that change something: a file is created with its
 * mode where the umask allows ({@link CreationModes}), and given its owner only when that
 * differs from the owner new files get in the target (read once from the target's root,
 * whose group new entries inherit where it has one to give). Files are copied on all cores
 * while the walk goes on: the walk (directories, links, the stat data of every entry) and
 * the copies overlap, as {@code cp -a}, on one core, cannot.
 */
final class TreeCopier {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final String ATTRIBUTES =
      "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime,lastAccessTime,ctime";
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE);

  private final boolean owners;
  private final boolean xattrs;
  private final SpecialFiles specials;
  private Listener listener = Listener.NONE;
  private final Map<List<Long>, Path> copiedInodes = new HashMap<>();
  private final Deque<Runnable> directoryMetadata = new ArrayDeque<>();
  private final ExecutorService pool;
  private final List<Future<Void>> fileCopies = new ArrayList<>();
  private final List<Path[]> hardLinks = new ArrayList<>();
  private IOException deferredFailure;
  /** The owner a new entry gets in the target, known once the target's root exists. */
  private Object newUid;
  private Object newGid;

  /** Creates what plain Java cannot: FIFOs, devices, extended attributes. */
  interface SpecialFiles {
    /** Creates the special file; false when this process may not (devices without root). */
    boolean copySpecial(Path source, Path target, int mode) throws IOException;

    void copyXattrs(Path source, Path target) throws IOException;

    /** Sets the mtime of a FIFO or device node without opening it (a FIFO would block). */
    void setMtime(Path target, FileTime mtime) throws IOException;

    /**
     * Sets the times of a file, directory or symlink (not followed): where it can, with one
     * call that opens nothing.
     */
    default void setTimes(Path target, FileTime mtime, FileTime atime) throws IOException {
      Files.getFileAttributeView(target, BasicFileAttributeView.class, NOFOLLOW)
          .setTimes(mtime, atime, null);
    }
  }

  /** Hears what a copy goes through. */
  interface Listener {
    Listener NONE = new Listener() {};

    /** The attributes of each source entry (every name of a hard link), in the walk's thread. */
    default void entry(Map<String, Object> attributes) {}

    /** A regular file of {@code bytes} is copied (on any of the copying threads). */
    default void copied(long bytes) {}
  }

  private TreeCopier(boolean owners, boolean xattrs, SpecialFiles specials,
      ExecutorService pool) {
    this.owners = owners;
    this.xattrs = xattrs;
    this.specials = specials;
    this.pool = pool;
  }

  /**
   * Copies the directory {@code source} to {@code target}, which must not exist: one walk
   * makes the directories, links and special files and hands each regular file, as it meets
   * it, to the threads that copy contents and metadata on all cores; hard links follow, and
   * directory metadata last, deepest first.
   *
   * @param owners whether to give entries the source's owners (only root may)
   * @param xattrs whether the source may have extended attributes (false: known to have none)
   */
  static void copy(Path source, Path target, boolean owners, boolean xattrs,
      SpecialFiles specials) throws IOException {
    copy(source, target, owners, xattrs, specials, Listener.NONE);
  }

  /** As above, telling {@code listener} what it goes through. */
  static void copy(Path source, Path target, boolean owners, boolean xattrs,
      SpecialFiles specials, Listener listener) throws IOException {
    ExecutorService pool = copyThreads();
    TreeCopier c = new TreeCopier(owners, xattrs, specials, pool);
    c.listener = listener;
    try {
      c.copyEntry(source, target);
      c.awaitFiles();
    } finally {
      pool.shutdownNow();
      awaitTermination(pool); // no copy goes on writing once this returns or throws
    }
    for (Path[] link : c.hardLinks) {
      Files.createLink(link[0], link[1]);
    }
    while (!c.directoryMetadata.isEmpty()) {
      c.directoryMetadata.pop().run();
    }
    if (c.deferredFailure != null) {
      throw c.deferredFailure;
    }
  }

  private static ExecutorService copyThreads() {
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "jaci-copy");
      t.setDaemon(true);
      return t;
    });
  }

  private void awaitFiles() throws IOException {
    try {
      for (Future<Void> f : fileCopies) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while copying a tree");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  private static void awaitTermination(ExecutorService pool) throws IOException {
    try {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        // a copy blocked in the kernel (a file system that hangs): keep waiting
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while copying a tree");
    }
  }

  private void copyEntry(Path src, Path dst) throws IOException {
    Map<String, Object> a = Files.readAttributes(src, ATTRIBUTES, NOFOLLOW);
    listener.entry(a);
    int mode = (Integer) a.get("mode");
    int format = mode & S_IFMT;
    if (format != S_IFDIR && (Integer) a.get("nlink") > 1) {
      List<Long> inode = List.of((Long) a.get("dev"), (Long) a.get("ino"));
      Path first = copiedInodes.putIfAbsent(inode, dst);
      if (first != null) {
        hardLinks.add(new Path[] {dst, first}); // once the first name's file exists
        return;
      }
    }
    switch (format) {
      case S_IFDIR -> {
        Files.createDirectory(dst);
        if (newUid == null) {
          // the root: what it got, every entry below gets (its group, where it passes its
          // group on, by setgid bit or mount option; else the process's, which it has too)
          Map<String, Object> root = Files.readAttributes(dst, "unix:uid,gid", NOFOLLOW);
          newUid = root.get("uid");
          newGid = root.get("gid");
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(src)) {
          for (Path child : children) {
            copyEntry(child, dst.resolve(child.getFileName().toString()));
          }
        }
        directoryMetadata.push(() -> {
          try {
            metadata(src, dst, a, mode, false);
          } catch (IOException e) {
            deferredFailure = e;
          }
        });
        return;
      }
      case S_IFREG -> {
        fileCopies.add(pool.submit(() -> {
          copyFile(src, dst, a, mode);
          return null;
        }));
        return;
      }
      case S_IFLNK -> Files.createSymbolicLink(dst, Files.readSymbolicLink(src));
      default -> {
        if (!specials.copySpecial(src, dst, mode)) {
          return;
        }
      }
    }
    metadata(src, dst, a, mode, false);
  }

  private void copyFile(Path src, Path dst, Map<String, Object> a, int mode)
      throws IOException {
    Optional<FileAttribute<Set<PosixFilePermission>>> exact = CreationModes.exactly(mode);
    try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
        FileChannel out = exact.isPresent() ? FileChannel.open(dst, CREATE, exact.get())
            : FileChannel.open(dst, CREATE)) {
      copyContent(in, out, (Long) a.get("size"));
    }
    listener.copied((Long) a.get("size"));
    metadata(src, dst, a, mode, exact.isPresent());
  }

  /**
   * The file's bytes, moved by the kernel (sendfile): Files.copy in Java 17 pushes them
   * through a small user-space buffer, which made copying a tree twice as slow as cp -a.
   */
  private static void copyContent(FileChannel in, FileChannel out, long size)
      throws IOException {
    for (long done = 0; done < size; ) {
      long n = in.transferTo(done, size - done, out);
      if (n <= 0) {
        break; // shrank meanwhile: a cache entry is not written to, so this is not expected
      }
      done += n;
    }
  }

  /**
   * Owner, extended attributes, mode (unless {@code modeSet} at creation) and times, in
   * that order: chown clears setuid and setgid bits. Only a symlink is not followed; every
   * other entry was just made here, in a directory no one else writes to.
   */
  private void metadata(Path src, Path dst, Map<String, Object> a, int mode, boolean modeSet)
      throws IOException {
    int format = mode & S_IFMT;
    boolean symlink = format == S_IFLNK;
    if (owners && !(a.get("uid").equals(newUid) && a.get("gid").equals(newGid))) {
      Files.setAttribute(dst, "unix:uid", a.get("uid"), NOFOLLOW);
      Files.setAttribute(dst, "unix:gid", a.get("gid"), NOFOLLOW);
    }
    if (xattrs) {
      specials.copyXattrs(src, dst);
    }
    if (!symlink && !modeSet) {
      Files.setAttribute(dst, "unix:mode", mode & 07777); // chmod(2), which opens nothing
    }
    FileTime mtime = (FileTime) a.get("lastModifiedTime");
    if (format == S_IFREG || format == S_IFDIR || symlink) {
      specials.setTimes(dst, mtime, (FileTime) a.get("lastAccessTime"));
    } else {
      specials.setMtime(dst, mtime);
    }
  }
}
