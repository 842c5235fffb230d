package io.jaci.core.deb;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Gets the {@code .deb} files of a resolved set onto the local disk, a few at a time, each
 * checked against the SHA256 and size of its index entry as it streams in. Downloads land in
 * the cache under their SHA256, so a rerun fetches nothing it has; files of a local
 * repository are checked in place; {@code --deb} files are used as they are.
 */
final class DebDownloader {
  static final int PARALLEL = 4;

  private final RepositoryTransport transport;
  private final DebCache cache;

  DebDownloader(RepositoryTransport transport, DebCache cache) {
    this.transport = transport;
    this.cache = cache;
  }

  /** The local file of each package, in the order given. */
  List<Path> fetch(List<DebPackage> packages, ProgressListener progress) throws JaciException {
    long total = 0;
    for (DebPackage p : packages) {
      if (needsWork(p)) {
        total += p.size();
      }
    }
    ProgressListener shared = synchronizedListener(progress);
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> {
      Thread t = new Thread(r, "jaci-deb-download");
      t.setDaemon(true);
      return t;
    });
    shared.start("fetching " + packages.size() + " packages", total);
    try {
      List<Future<Path>> futures = new ArrayList<>();
      for (DebPackage p : packages) {
        futures.add(pool.submit(() -> fetchOne(p, shared)));
      }
      List<Path> paths = new ArrayList<>();
      for (Future<Path> f : futures) {
        paths.add(join(f));
      }
      return paths;
    } finally {
      pool.shutdownNow(); // partial downloads are AtomicOutputFiles: removed even at exit
      shared.finish();
    }
  }

  private boolean needsWork(DebPackage p) {
    return !p.local() && !Files.isRegularFile(cache.deb(p.sha256()));
  }

  private Path fetchOne(DebPackage p, ProgressListener progress) throws JaciException {
    if (p.local()) {
      return Path.of(p.location());
    }
    Path cached = cache.deb(p.sha256());
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    String what = p.name() + " " + p.version();
    if ("file".equals(p.location().getScheme())) {
      Path file = Path.of(p.location());
      try (InputStream in = Files.newInputStream(file)) {
        VerifiedDownload.copyVerified(in, OutputStream.nullOutputStream(), p.sha256(), p.size(),
            what + " (" + file + ")", progress);
      } catch (NoSuchFileException e) {
        throw new JaciException(what + ": " + file + ": no such file (the index lists it)");
      } catch (IOException e) {
        throw new JaciException(what + ": " + file + ": " + e.getMessage(), e);
      }
      return file;
    }
    VerifiedDownload.fetch(transport, p.location(), p.sha256(), p.size(), cached, what, progress);
    return cached;
  }

  private static Path join(Future<Path> f) throws JaciException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException("interrupted while downloading", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JaciException j) {
        throw j;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new JaciException(String.valueOf(e.getCause().getMessage()), e.getCause());
    }
  }

  private static ProgressListener synchronizedListener(ProgressListener p) {
    return new ProgressListener() {
      @Override
      public synchronized void start(String task, long totalBytes) {
        p.start(task, totalBytes);
      }

      @Override
      public synchronized void advance(long bytes) {
        p.advance(bytes);
      }

      @Override
      public synchronized void finish() {
        p.finish();
      }
    };
  }
}
