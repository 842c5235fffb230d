package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.dockerfile.RunMount.Sharing;
import io.jaci.core.run.OwnerInPods;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories of {@code RUN --mount=type=cache}, kept in the store between builds, as
 * BuildKit keeps them: each cache id has a pool of directories {@code ID-KEY/0}, {@code 1}...
 * A RUN holds the one it mounts until it ends, with a file lock (so other builds, other
 * processes, see it in use): shared by {@code sharing=shared} users, who use a directory
 * together; alone for {@code private} (which takes a new directory when all are in use) and
 * {@code locked} (which waits for one to be free). The pool is chosen from under
 * {@code ID-KEY/pool.lock}.
 */
final class CacheMounts {
  /** How often a locked mount looks again for a free directory. */
  private static final long WAIT_MILLIS = 100;

  private final Path root;

  private CacheMounts(Path root) {
    this.root = root;
  }

  /** The cache mounts under {@code root} ({@code STORE/dockerfile-cache}). */
  static CacheMounts in(Path root) {
    return new CacheMounts(root);
  }

  /** The cache mounts of the store at {@code storeRoot}. */
  static CacheMounts ofStore(Path storeRoot) {
    return new CacheMounts(storeRoot.resolve("dockerfile-cache"));
  }

  /**
   * The lock files this process holds, so that it never opens one a second time: closing any
   * channel of a file would drop all this process's locks on it (POSIX record locks).
   */
  private static final java.util.Map<Path, Held> HELD = new java.util.HashMap<>();

  /** A lock this process holds, and how many leases use it. */
  private static final class Held {
    final FileChannel channel;
    final boolean shared;
    int users = 1;

    Held(FileChannel channel, boolean shared) {
      this.channel = channel;
      this.shared = shared;
    }
  }

  /** A cache directory in use by one RUN; closing it lets others have it. */
  static final class Lease implements Closeable {
    private final Path directory;
    private final Path lockFile;
    private boolean closed;

    private Lease(Path directory, Path lockFile) {
      this.directory = directory;
      this.lockFile = lockFile;
    }

    Path directory() {
      return directory;
    }

    @Override
    public void close() {
      synchronized (HELD) {
        if (closed) {
          return;
        }
        closed = true;
        Held h = HELD.get(lockFile);
        if (--h.users == 0) {
          HELD.remove(lockFile);
          try {
            h.channel.close(); // releases the lock
          } catch (IOException e) {
            // the lock goes with the file descriptor anyway
          }
        }
      }
    }
  }

  /** Makes a new cache directory (its content, owner and mode) before anyone can use it. */
  @FunctionalInterface
  interface NewDirectory {
    /** Makes {@code directory}, which does not exist. */
    void make(Path directory) throws JaciException, IOException;
  }

  /**
   * The directory of cache {@code id} over {@code base} with {@code sharing}'s rules, waiting
   * if they say so ({@code waiting} hears once that it does); a directory made for it is first
   * given to {@code made} (under a temporary name, so that a failure leaves no half-made
   * directory). {@code base} is what a new directory starts from ("" for an empty one owned by
   * root): as BuildKit keys a cache by its id and the base it starts from, another base is
   * another cache.
   */
  Lease acquire(String id, String base, Sharing sharing, Runnable waiting, NewDirectory made)
      throws JaciException {
    String key = base.isEmpty() ? StepImages.key("cache", id) : StepImages.key("cache", id, base);
    Path pool = root.resolve(key.substring(0, 32));
    try {
      Files.createDirectories(pool);
      for (boolean told = false; ; told = true) {
        try (FileChannel poolLock = open(pool.resolve("pool.lock"))) {
          poolLock.lock();
          List<Integer> dirs = directories(pool);
          for (int n : dirs) {
            Lease l = tryLease(pool, n, sharing == Sharing.SHARED);
            if (l != null) {
              return l;
            }
          }
          if (sharing != Sharing.LOCKED || dirs.isEmpty()) {
            int next = dirs.isEmpty() ? 0 : dirs.get(dirs.size() - 1) + 1;
            Path fresh = pool.resolve("new-" + next);
            if (Files.exists(fresh, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
              // left by a build that failed preparing it; not in use (we hold the pool lock)
              io.jaci.core.io.AtomicOutputDirectory.deleteTree(fresh);
            }
            made.make(fresh);
            Files.move(fresh, pool.resolve(String.valueOf(next)));
            Lease l = tryLease(pool, next, sharing == Sharing.SHARED);
            if (l == null) {
              throw new JaciException(pool.resolve(next + ".lock") + ": locked by another "
                  + "process while new; is another program using jaci's store?");
            }
            return l;
          }
        }
        if (!told) {
          waiting.run();
        }
        Thread.sleep(WAIT_MILLIS); // locked: the directories are in use; the pool is free
      }
    } catch (IOException e) {
      throw new JaciException("cache mount " + id + ": " + IoMessages.describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException("cache mount " + id + ": interrupted waiting for it to be free");
    }
  }

  /**
   * Removes every cache directory that no build uses now (a build's RUN holds its lock), with
   * what RUNs put in it under any owner; returns how many. Under each pool's lock, as {@link
   * #acquire} chooses, so that no build takes a directory while it goes.
   */
  int prune() throws JaciException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    try (var pools = Files.list(root)) {
      for (Path pool : pools.filter(Files::isDirectory).sorted().toList()) {
        try (FileChannel poolLock = open(pool.resolve("pool.lock"))) {
          poolLock.lock();
          for (int n : directories(pool)) {
            Lease l = tryLease(pool, n, false);
            if (l == null) {
              continue; // in use
            }
            try (l) {
              OwnerInPods.removeTree(l.directory(), "jaci image gc");
            }
            Files.deleteIfExists(pool.resolve(n + ".lock"));
            removed++;
          }
          try (var left = Files.list(pool)) {
            for (Path p : left.filter(p -> p.getFileName().toString().startsWith("new-"))
                .toList()) {
              OwnerInPods.removeTree(p, "jaci image gc"); // left by a failed preparation
            }
          }
        }
      }
    } catch (IOException e) {
      throw new JaciException("removing cache mounts in " + root + ": "
          + IoMessages.describe(e), e);
    }
    return removed;
  }

  private static List<Integer> directories(Path pool) throws IOException {
    List<Integer> out = new ArrayList<>();
    try (var s = Files.list(pool)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{1,9}"))
          .filter(n -> Files.isDirectory(pool.resolve(n)))
          .forEach(n -> out.add(Integer.parseInt(n)));
    }
    out.sort(null);
    return out;
  }

  /** Directory {@code n} with its lock taken, or null when others use it in a way that bars. */
  private static Lease tryLease(Path pool, int n, boolean shared) throws IOException {
    Path lockFile = pool.resolve(n + ".lock");
    synchronized (HELD) {
      Held held = HELD.get(lockFile);
      if (held != null) { // another mount of this process (the same RUN) has it
        if (!shared || !held.shared) {
          return null;
        }
        held.users++;
        return new Lease(pool.resolve(String.valueOf(n)), lockFile);
      }
      FileChannel c = open(lockFile);
      FileLock lock;
      try {
        lock = c.tryLock(0, Long.MAX_VALUE, shared);
      } catch (IOException | RuntimeException e) {
        c.close();
        throw e;
      }
      if (lock == null) {
        c.close(); // this process held no lock on it: closing drops none
        return null;
      }
      HELD.put(lockFile, new Held(c, shared));
      return new Lease(pool.resolve(String.valueOf(n)), lockFile);
    }
  }

  private static FileChannel open(Path lockFile) throws IOException {
    // a shared lock needs a readable channel, an exclusive one a writable one
    return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }
}
