package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.Labels;
import io.jaci.core.store.DistributedFiles;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a server offers from a store: the images (less those being published, so that nothing
 * partial is ever served), found by ID or by name and labels, with their {@code .aci} files and
 * signatures.
 */
final class Catalog {
  private final ImageStore store;
  private final DistributedFiles files;
  private final Set<ImageId> publishing = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<ImageId, Object> compressing = new ConcurrentHashMap<>();
  private static final long LISTING_LIFETIME_NANOS = 1_000_000_000L;
  private volatile Listing listing;

  Catalog(ImageStore store) {
    this.store = store;
    this.files = store.distributedFiles();
  }

  ImageStore store() {
    return store;
  }

  /**
   * Every served image, by name, then best version first (as {@link ImageStore#find}). Kept
   * for a second (reading every manifest from the index costs a page request far more than
   * sending it) and refreshed at once when this server publishes an image.
   */
  List<StoredImage> images() throws JaciException {
    Listing cached = listing;
    long now = System.nanoTime();
    if (cached != null && now - cached.made() < LISTING_LIFETIME_NANOS) {
      return cached.images();
    }
    List<StoredImage> fresh = List.copyOf(readImages());
    listing = new Listing(fresh, now);
    return fresh;
  }

  private record Listing(List<StoredImage> images, long made) {}

  private List<StoredImage> readImages() throws JaciException {
    SortedSet<AcIdentifier> names = new TreeSet<>();
    for (StoredImage image : store.list()) {
      names.add(image.manifest().name());
    }
    List<StoredImage> sorted = new ArrayList<>();
    for (AcIdentifier name : names) {
      for (StoredImage image : store.find(name, Labels.empty())) {
        if (!publishing.contains(image.id())) {
          sorted.add(image);
        }
      }
    }
    return sorted;
  }

  /** The served image with the full ID {@code id}. */
  Optional<StoredImage> byId(ImageId id) throws JaciException {
    if (publishing.contains(id)) {
      return Optional.empty();
    }
    return store.get(id);
  }

  /**
   * The served image named {@code name} with the labels {@code labels} and version {@code
   * version} ({@code latest}: the highest version).
   */
  Optional<StoredImage> resolve(AcIdentifier name, String version, Labels labels)
      throws JaciException {
    Labels wanted = version.equals("latest") ? labels : labels.with("version", version);
    for (StoredImage image : store.find(name, wanted)) {
      if (!publishing.contains(image.id())) {
        return Optional.of(image);
      }
    }
    return Optional.empty();
  }

  /** The {@code .aci} file of {@code image}; compressed once however many ask at once. */
  Path aciFile(StoredImage image) throws JaciException {
    Object lock = compressing.computeIfAbsent(image.id(), k -> new Object());
    synchronized (lock) {
      return files.aciFile(image);
    }
  }

  Optional<Path> signature(StoredImage image) {
    return files.signature(image.id());
  }

  DistributedFiles files() {
    return files;
  }

  /** Hides image {@code id} until {@link #show}: it is being published. */
  void hide(ImageId id) {
    publishing.add(id);
    listing = null;
  }

  void show(ImageId id) {
    publishing.remove(id);
    listing = null;
  }
}
