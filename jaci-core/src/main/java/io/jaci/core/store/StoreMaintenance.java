package io.jaci.core.store;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ImageId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The store's gc and verify: the index checked against the blob files. */
final class StoreMaintenance {
  interface Remover {
    void remove(ImageId id) throws JaciException;
  }

  private final StoreLayout layout;
  private final StoreIndex index;
  private final StoreLock lock;

  /** {@code lock} is null for a read-only store, which verify reads without locking. */
  StoreMaintenance(StoreLayout layout, StoreIndex index, StoreLock lock) {
    this.layout = layout;
    this.index = index;
    this.lock = lock;
  }

  /** Removes images last used before {@code cutoff}, except {@code keep}, and leftovers. */
  GcReport gc(Instant cutoff, Set<ImageId> keep, Remover remover) throws JaciException {
    List<ImageId> removed = new ArrayList<>();
    long freed = 0;
    for (StoreIndex.Row row : index.all()) {
      if (row.lastUsed().isBefore(cutoff) && !keep.contains(row.id())) {
        remover.remove(row.id());
        removed.add(row.id());
        freed += row.size();
      }
    }
    try (StoreLock.Held held = lock.acquire()) {
      int blobs = 0;
      for (Path orphan : orphanBlobs()) {
        long size = sizeOrZero(orphan);
        if (Files.deleteIfExists(orphan)) {
          blobs++;
          freed += size;
        }
      }
      long[] temps = StagedBlob.removeAbandoned(layout.tmp());
      return new GcReport(removed, blobs, (int) temps[0], freed + temps[1]);
    } catch (IOException e) {
      throw new JaciException("collecting garbage in " + layout.root() + ": "
          + IoMessages.describe(e), e);
    }
  }

  VerifyReport verify(List<StoredImage> images, boolean wholeStore, boolean repair)
      throws JaciException {
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> repaired = new ArrayList<>();
    String integrity = index.integrityCheck();
    if (!integrity.equals("ok")) {
      problems.add("the index database is damaged: " + integrity
          + " (move " + layout.index() + " away and import the images again)");
    }
    for (StoredImage image : images) {
      String problem = check(image);
      if (problem == null) {
        continue;
      }
      problems.add(image.describe() + ": " + problem);
      if (repair) {
        try (StoreLock.Held held = lock.acquire()) {
          if (check(image) != null) { // still broken: no import repaired it meanwhile
            index.delete(image.id());
            Files.deleteIfExists(layout.blob(image.id()));
            repaired.add(image.describe() + ": removed from the index (import it again)");
          }
        } catch (IOException e) {
          throw new JaciException("repairing " + image.describe() + ": "
              + IoMessages.describe(e), e);
        }
      }
    }
    if (wholeStore) {
      try (StoreLock.Held held = lock == null ? () -> { } : lock.acquire()) {
        List<Path> orphans = orphanBlobs();
        for (Path orphan : orphans) {
          notes.add(layout.root().relativize(orphan) + ": blob of no image (gc removes it)");
          if (repair && Files.deleteIfExists(orphan)) {
            repaired.add(layout.root().relativize(orphan) + ": removed");
          }
        }
        long temps = StagedBlob.countAbandoned(layout.tmp());
        if (temps > 0) {
          notes.add(temps + " temporary file(s) of imports that did not finish (gc removes them)");
          if (repair) {
            long[] removed = StagedBlob.removeAbandoned(layout.tmp());
            repaired.add(removed[0] + " temporary file(s) removed");
          }
        }
      } catch (IOException e) {
        throw new JaciException("checking " + layout.root() + ": " + IoMessages.describe(e), e);
      }
    }
    return new VerifyReport(images.size(), problems, notes, repaired);
  }

  /** What is wrong with the blob of {@code image}, or null if it matches its ID. */
  private String check(StoredImage image) {
    Path blob = layout.blob(image.id());
    try (InputStream in = VerifiedBlobInput.open(blob, image.id(), image.size())) {
      in.skip(Long.MAX_VALUE); // its own thread hashes the file; the end checks the hash
      in.read();
      return null;
    } catch (NoSuchFileException e) {
      return "blob missing (" + layout.root().relativize(blob) + ")";
    } catch (IOException e) {
      String m = e.getMessage();
      int cut = m == null ? -1 : m.indexOf(" is damaged (");
      return cut < 0 ? IoMessages.describe(e)
          : "blob damaged (" + m.substring(cut + " is damaged (".length(), m.indexOf("):"))
              + ")";
    }
  }

  /** Blob files without an index row; call with the store lock. */
  private List<Path> orphanBlobs() throws IOException, JaciException {
    Set<String> indexed = new HashSet<>();
    for (StoreIndex.Row row : index.all()) {
      indexed.add(row.id().hex());
    }
    List<Path> orphans = new ArrayList<>();
    if (!Files.isDirectory(layout.blobs())) {
      return orphans;
    }
    try (Stream<Path> files = Files.walk(layout.blobs(), 2)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(p)) {
          continue;
        }
        boolean known = StoreLayout.blobId(p).map(id -> indexed.contains(id.hex())).orElse(false);
        if (!known) {
          orphans.add(p);
        }
      }
    }
    return orphans;
  }

  private static long sizeOrZero(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
