package io.jaci.core.render;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies a rendered tree the way {@code cp -a} does: contents (through the kernel, without
 * passing the bytes through Java), modes with setuid/setgid/sticky bits, owners when
 * permitted, mtimes, symlinks as links, hard links as links. Directory metadata is set after
 * the directory's children are in place, so read-only directories copy too.
 */
final class TreeCopier {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final String ATTRIBUTES = "unix:mode,uid,gid,ino,dev,nlink,lastModifiedTime";

  private final boolean owners;
  private final SpecialFiles specials;
  private final Map<List<Long>, Path> copiedInodes = new HashMap<>();
  private final Deque<Runnable> directoryMetadata = new ArrayDeque<>();
  private final List<Callable<Void>> fileCopies = new ArrayList<>();
  private final List<Path[]> hardLinks = new ArrayList<>();
  private IOException deferredFailure;

  /** Creates what plain Java cannot: FIFOs, devices, extended attributes. */
  interface SpecialFiles {
    /** Creates the special file; false when this process may not (devices without root). */
    boolean copySpecial(Path source, Path target, int mode) throws IOException;

    void copyXattrs(Path source, Path target) throws IOException;
  }

  private TreeCopier(boolean owners, SpecialFiles specials) {
    this.owners = owners;
    this.specials = specials;
  }

  /**
   * Copies the directory {@code source} to {@code target}, which must not exist: one walk
   * makes the directories, links and special files and lists the regular files, whose
   * contents and metadata are then copied on all cores; hard links follow, and directory
   * metadata last, deepest first.
   */
  static void copy(Path source, Path target, boolean owners, SpecialFiles specials)
      throws IOException {
    TreeCopier c = new TreeCopier(owners, specials);
    c.copyEntry(source, target);
    c.copyFiles();
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

  private void copyFiles() throws IOException {
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "jaci-copy");
      t.setDaemon(true);
      return t;
    });
    try {
      for (Future<Void> f : pool.invokeAll(fileCopies)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while copying a tree");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private void copyEntry(Path src, Path dst) throws IOException {
    Map<String, Object> a = Files.readAttributes(src, ATTRIBUTES, NOFOLLOW);
    int mode = (Integer) a.get("mode");
    int format = mode & 0170000;
    if (format != 0040000 && (Integer) a.get("nlink") > 1) {
      List<Long> inode = List.of((Long) a.get("dev"), (Long) a.get("ino"));
      Path first = copiedInodes.putIfAbsent(inode, dst);
      if (first != null) {
        hardLinks.add(new Path[] {dst, first}); // once the first name's file exists
        return;
      }
    }
    switch (format) {
      case 0040000 -> {
        Files.createDirectory(dst);
        try (DirectoryStream<Path> children = Files.newDirectoryStream(src)) {
          for (Path child : children) {
            copyEntry(child, dst.resolve(child.getFileName().toString()));
          }
        }
        directoryMetadata.push(() -> {
          try {
            metadata(src, dst, a, mode);
          } catch (IOException e) {
            deferredFailure = e;
          }
        });
        return;
      }
      case 0100000 -> {
        fileCopies.add(() -> {
          copyContent(src, dst);
          metadata(src, dst, a, mode);
          return null;
        });
        return;
      }
      case 0120000 -> Files.createSymbolicLink(dst, Files.readSymbolicLink(src));
      default -> {
        if (!specials.copySpecial(src, dst, mode)) {
          return;
        }
      }
    }
    metadata(src, dst, a, mode);
  }

  /**
   * The file's bytes, moved by the kernel (sendfile): Files.copy in Java 17 pushes them
   * through a small user-space buffer, which made copying a tree twice as slow as cp -a.
   */
  private static void copyContent(Path src, Path dst) throws IOException {
    try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(dst, StandardOpenOption.WRITE,
            StandardOpenOption.CREATE_NEW)) {
      long size = in.size();
      for (long done = 0; done < size; ) {
        long n = in.transferTo(done, size - done, out);
        if (n <= 0) {
          break; // shrank meanwhile: a cache entry is not written to, so this is not expected
        }
        done += n;
      }
    }
  }

  private void metadata(Path src, Path dst, Map<String, Object> a, int mode) throws IOException {
    boolean symlink = (mode & 0170000) == 0120000;
    if (owners) {
      Files.setAttribute(dst, "unix:uid", a.get("uid"), NOFOLLOW);
      Files.setAttribute(dst, "unix:gid", a.get("gid"), NOFOLLOW);
    }
    specials.copyXattrs(src, dst);
    FileTime mtime = (FileTime) a.get("lastModifiedTime");
    int type = mode & 0170000;
    if (type != 0100000 && type != 0040000 && !symlink) {
      // a FIFO or device: the NOFOLLOW forms below open the file, which blocks on a FIFO;
      // by path it is safe (dst was just made by mknod/mkfifo, it is no symlink)
      Files.setAttribute(dst, "unix:mode", mode & 07777);
      io.jaci.core.fs.SpecialFiles.setMtime(dst, mtime.to(java.util.concurrent.TimeUnit.SECONDS));
      return;
    }
    if (!symlink) {
      // after chown, which clears setuid and setgid bits
      Files.setAttribute(dst, "unix:mode", mode & 07777, NOFOLLOW);
    }
    Files.getFileAttributeView(dst, BasicFileAttributeView.class, NOFOLLOW)
        .setTimes(mtime, null, null);
  }

}
