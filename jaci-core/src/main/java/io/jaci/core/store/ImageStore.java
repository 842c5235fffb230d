package io.jaci.core.store;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageIdPrefix;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.InvalidManifestException;
import io.jaci.core.spec.Label;
import io.jaci.core.spec.Labels;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.spec.SemVer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A local store of images, like rkt's: each image is kept once, as its uncompressed tar in a
 * content-addressed blob file, and indexed in an SQLite database by ID, name and labels.
 *
 * <p>Writes are crash-safe and safe between processes: a blob is written to a locked
 * temporary file in the store, synced, renamed into place under the store lock, and only
 * then indexed in a transaction. An image is in the store when its index row is; a process
 * killed at any moment leaves at worst a temporary file or an unindexed blob, which
 * {@link #gc} removes. Blobs are uncompressed so that {@link #openTar} costs a file read
 * (measured in BENCHMARKS.md).
 *
 * <p>Instances are thread-safe. Close the store to release its database connection.
 */
public final class ImageStore implements AutoCloseable {
  private static final int SHORT_HEX = 12;

  private final StoreLayout layout;
  private final StoreIndex index;
  private final StoreLock lock;
  private final boolean readOnly;
  /** The blobs being hashed ahead of their reading ({@link #hashAhead}), if any. */
  private volatile BlobHashes ahead;

  private ImageStore(StoreLayout layout, StoreIndex index, boolean readOnly) {
    this.layout = layout;
    this.index = index;
    this.lock = new StoreLock(layout.lockFile());
    this.readOnly = readOnly;
  }

  /**
   * The store to use when none is given: {@code $JACI_STORE}, else {@code
   * $XDG_DATA_HOME/jaci}, else {@code ~/.local/share/jaci}. (The CLI's {@code --store} comes
   * before all of them.)
   */
  public static Path defaultRoot() {
    String store = System.getenv("JACI_STORE");
    if (store != null && !store.isBlank()) {
      return Path.of(store);
    }
    String xdg = System.getenv("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "jaci");
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "jaci");
  }

  /**
   * Opens the store at {@code root}, creating its directories and index on first use and
   * updating an index written by an older jaci. Removes temporary files of imports that died.
   *
   * <p>An existing store this process may not write (another user's, a read-only mount) is
   * opened {@linkplain #isReadOnly() read-only}.
   */
  public static ImageStore open(Path root) throws JaciException {
    StoreLayout layout = new StoreLayout(root.toAbsolutePath().normalize());
    if (Files.isDirectory(layout.root()) && !Files.isWritable(layout.root())) {
      return new ImageStore(layout, StoreIndex.openReadOnly(layout.index()), true);
    }
    try {
      layout.create();
    } catch (IOException e) {
      throw new JaciException("creating the image store: " + IoMessages.describe(e), e);
    }
    ImageStore store = new ImageStore(layout, StoreIndex.open(layout.index()), false);
    try {
      StagedBlob.removeAbandoned(layout.tmp());
    } catch (IOException e) {
      // harmless: gc tries again
    }
    return store;
  }

  /** The store's directory. */
  public Path root() {
    return layout.root();
  }

  /**
   * True when this process may not write the store: images can be listed, read, rendered
   * (without the tree cache) and verified, and nothing else; uses are not recorded.
   */
  public boolean isReadOnly() {
    return readOnly;
  }

  /** Fails in one line when the store is read-only: {@code what} needs to write it. */
  private void requireWritable(String what) throws JaciException {
    if (readOnly) {
      throw new JaciException("the image store " + layout.root() + " is read-only for this"
          + " user: " + what + " needs write access (use a store you can write: --store DIR)");
    }
  }

  /** The images' {@code .aci} files as distributed, with their signatures. */
  public DistributedFiles distributedFiles() {
    return new DistributedFiles(layout, readOnly);
  }

  /** Where the renderer keeps its tree cache: {@code ROOT/trees}. */
  public Path treesDirectory() {
    return layout.trees();
  }

  /**
   * Imports an ACI (plain tar, gzip, bzip2 or xz) read from {@code aci} to its end, checking
   * its layout and manifest as it goes. Importing an image that is already in the store
   * changes nothing and returns it.
   *
   * @throws JaciException when the stream is not a valid ACI, or on a file system error
   */
  public StoredImage importAci(InputStream aci, ProgressListener progress) throws JaciException {
    return importAci(aci, "standard input", -1, progress);
  }

  /** Imports the ACI file {@code file}; see {@link #importAci(InputStream, ProgressListener)}. */
  public StoredImage importAci(Path file, ProgressListener progress) throws JaciException {
    try (InputStream in = Files.newInputStream(file)) {
      return importAci(in, file.toString(), Files.size(file), progress);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }

  /**
   * Imports the ACI file {@code file} as {@link #importAci(Path, ProgressListener)} does, unless
   * this very file, unchanged, was imported before and its image is still stored: for commands
   * such as {@code jaci run FILE.aci} that name the same file again and again. "Unchanged" is
   * its real path, device, inode, size, modification and change times all equal, as make and
   * git decide it; the change time cannot be set back without setting the clock.
   */
  public StoredImage importAciFileOnce(Path file, ProgressListener progress)
      throws JaciException {
    String key;
    try {
      Path real = file.toRealPath();
      var a = Files.readAttributes(real, "unix:dev,ino,size,lastModifiedTime,ctime");
      key = "aci-file:" + real + "#" + a.get("dev") + ":" + a.get("ino") + ":" + a.get("size")
          + ":" + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS)
          + ":" + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return importAci(file, progress); // no stable identity: import (which says what is wrong)
    }
    Optional<StoredImage> known = convertedFrom(key);
    if (known.isPresent()) {
      return known.get();
    }
    StoredImage imported = importAci(file, progress);
    rememberConversion(key, imported.id());
    return imported;
  }

  private StoredImage importAci(InputStream aci, String displayName, long size,
      ProgressListener progress) throws JaciException {
    return importChecked(aci, displayName, size, progress, null);
  }

  /** A last look at an image read to its end, before it enters the store. */
  @FunctionalInterface
  public interface ImportCheck {
    /** Throws to refuse the image: then nothing enters the store. */
    void check(ImageId id, ImageManifest manifest) throws JaciException;
  }

  /**
   * Imports an ACI read from {@code aci} as {@link #importAci(InputStream, ProgressListener)}
   * does, calling {@code check} once the whole stream is read and valid, before the image
   * enters the store: a fetch checks its signature and name there, on the same single read.
   *
   * @param source what {@code aci} is, for messages
   * @param size its length for the progress, -1 when unknown
   */
  public StoredImage importAci(InputStream aci, String source, long size,
      ProgressListener progress, ImportCheck check) throws JaciException {
    return importChecked(aci, source, size, progress, java.util.Objects.requireNonNull(check));
  }

  private StoredImage importChecked(InputStream aci, String displayName, long size,
      ProgressListener progress, ImportCheck check) throws JaciException {
    requireWritable("importing " + displayName);
    ImageImport.Staged staged = ImageImport.stage(aci, displayName, size, progress,
        layout.tmp());
    try (StagedBlob blob = staged.blob()) {
      ImageManifest manifest = parseManifest(staged.id(), staged.manifest());
      if (check != null) {
        check.check(staged.id(), manifest);
      }
      try (StoreLock.Held held = lock.acquire()) {
        Path target = layout.blob(staged.id());
        if (index.get(staged.id()).isPresent() && sizeOf(target) == staged.size()) {
          return get(staged.id()).orElseThrow();
        }
        blob.moveTo(target);
        index.insert(staged.id(), manifest.name().value(), manifest.labels(),
            staged.manifest(), staged.size(), Instant.now());
      }
    } catch (IOException e) {
      throw new JaciException("importing " + displayName + ": " + IoMessages.describe(e), e);
    }
    return get(staged.id()).orElseThrow();
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The image that converting {@code source} gave before (see {@link #rememberConversion}),
   * if it is still in the store. {@code source} is any key the converter chooses, such as
   * {@code docker-layer:sha256:...}; the keys share the {@code remotes} table with fetched
   * URLs, so they must not look like URLs.
   */
  public Optional<StoredImage> convertedFrom(String source) throws JaciException {
    Optional<String> id = index.remoteBlob(source);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    try {
      return get(new ImageId(id.get()));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not an image ID: a row of another kind
    }
  }

  /** Records that converting {@code source} gave image {@code id} (replacing an older one). */
  public void rememberConversion(String source, ImageId id) throws JaciException {
    requireWritable("converting into it");
    index.putRemote(source, id.hex(), Instant.now());
  }

  /** The store's records of fetched URLs and verified signatures. */
  public FetchRecords fetchRecords() throws JaciException {
    requireWritable("fetching into it");
    return new FetchRecords(this, index, layout.tmp());
  }

  /** Every image, oldest import first. */
  public List<StoredImage> list() throws JaciException {
    List<StoredImage> images = new ArrayList<>();
    for (StoreIndex.Row row : index.all()) {
      images.add(toImage(row));
    }
    return images;
  }

  /**
   * The image {@code ref} names: a full image ID, a unique prefix of at least {@code sha512-}
   * and 12 hex digits (rkt's 64-digit keys among them), or an app string {@code
   * name[:version][,label=value...]} (the best match: highest semver {@code version}, then
   * newest import). Paths to ACI files are for the caller (see {@link #isAciPath}).
   *
   * @throws JaciException naming {@code ref} when no image or several match an ID prefix, or
   *     when {@code ref} is neither form
   */
  public StoredImage resolve(String ref) throws JaciException {
    if (ref.startsWith("sha512-")) {
      return byPrefix(ref).orElseThrow(() -> new JaciException(
          "image " + ref + " is not in the store (see 'jaci image list')"));
    }
    AppString app;
    try {
      app = AppString.parse(ref);
    } catch (IllegalArgumentException e) {
      throw new JaciException("\"" + ref + "\" is neither an image ID (sha512-...) nor an app"
          + " string (name[:version][,label=value...]): " + e.getMessage());
    }
    List<StoredImage> found = find(app.name(), app.requiredLabels());
    if (found.isEmpty()) {
      throw new JaciException("no image matching " + ref + " in the store (see 'jaci image list')");
    }
    return found.get(0);
  }

  /**
   * Loads what opening a store needs (SQLite's native library, the index's JSON mapper)
   * without opening one: for a second thread while the first one parses a command line.
   */
  public static void preload() {
    StoreIndex.preload();
  }

  /** True if {@code ref} names an existing file, not an image in the store. */
  public static boolean isAciPath(String ref) {
    if (ref.startsWith("sha512-")) {
      return false;
    }
    boolean pathLike = ref.endsWith(".aci") || ref.startsWith("/") || ref.startsWith("./")
        || ref.startsWith("../") || ref.equals("-");
    return pathLike && (ref.equals("-") || Files.isRegularFile(Path.of(ref)));
  }

  /**
   * The image with ID {@code id}: the full ID, or any unique shorter form (rkt's 64-digit
   * keys in {@code dependencies}).
   *
   * @throws JaciException when a short ID matches several images
   */
  public Optional<StoredImage> get(ImageId id) throws JaciException {
    if (id.isFull()) {
      Optional<StoreIndex.Row> row = index.get(id);
      return row.isEmpty() ? Optional.empty() : Optional.of(toImage(row.get()));
    }
    return byPrefix(id.toString());
  }

  private Optional<StoredImage> byPrefix(String ref) throws JaciException {
    ImageIdPrefix prefix;
    try {
      prefix = ImageIdPrefix.parse(ref);
    } catch (IllegalArgumentException e) {
      if (!ref.substring("sha512-".length()).matches("[0-9a-f]{1,11}")) {
        throw new JaciException(e.getMessage());
      }
      throw new JaciException("image ID " + ref + " is ambiguous: give at least sha512- and "
          + SHORT_HEX + " hex digits");
    }
    List<StoreIndex.Row> rows = index.withPrefix(prefix.hex(), 6);
    if (rows.size() > 1) {
      List<String> names = new ArrayList<>();
      for (StoreIndex.Row r : rows.subList(0, Math.min(5, rows.size()))) {
        names.add(toImage(r).describe());
      }
      throw new JaciException("image ID " + ref + " is ambiguous: it matches "
          + String.join(", ", names) + (rows.size() > 5 ? ", ..." : "")
          + "; give more digits");
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(toImage(rows.get(0)));
  }

  /**
   * The images named {@code name} that have every label in {@code labels}, best first: the
   * highest {@code version} label by semver ordering (versions that are not semver after
   * those that are), then the newest import.
   */
  public List<StoredImage> find(AcIdentifier name, Labels labels) throws JaciException {
    List<StoredImage> matches = new ArrayList<>();
    for (StoreIndex.Row row : index.named(name.value())) {
      StoredImage image = toImage(row);
      if (hasAll(image.manifest().labels(), labels)) {
        matches.add(image);
      }
    }
    // stable: equal versions keep the index's newest-import-first order
    matches.sort(Comparator.comparing(ImageStore::semverOf,
        Comparator.nullsLast(Comparator.<SemVer>reverseOrder())));
    return matches;
  }

  private static SemVer semverOf(StoredImage image) {
    return image.manifest().labels().get("version").flatMap(SemVer::tryParse).orElse(null);
  }

  private static boolean hasAll(Labels have, Labels wanted) {
    for (Label l : wanted.asList()) {
      if (!have.get(l.name().value()).equals(Optional.of(l.value()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Begins hashing the blobs of {@code ids} (full IDs, in the order their tars will be read
   * with {@link #openTar}) on a thread of its own, so that reading one overlaps hashing the
   * next; the hashes are used once each. Calling it again drops what is left of the last call.
   */
  public void hashAhead(List<ImageId> ids) throws JaciException {
    java.util.Map<ImageId, Path> blobs = new java.util.LinkedHashMap<>();
    for (ImageId id : ids) {
      get(id).ifPresent(image -> blobs.put(image.id(), layout.blob(image.id())));
    }
    BlobHashes last = ahead;
    if (last != null) {
      last.stop();
    }
    ahead = BlobHashes.start(blobs);
  }

  /**
   * The uncompressed tar of image {@code id}. Reading it to its end checks it against the ID:
   * a blob damaged on disk makes the last read throw.
   */
  public InputStream openTar(ImageId id) throws JaciException {
    StoredImage image = get(id).orElseThrow(() -> new JaciException(
        "image " + id + " is not in the store"));
    Path blob = layout.blob(image.id());
    BlobHashes hashes = ahead;
    try {
      return VerifiedBlobInput.open(blob, image.id(), image.size(),
          hashes == null ? null : hashes.take(image.id()).orElse(null));
    } catch (NoSuchFileException e) {
      throw new JaciException("the blob of " + image.describe() + " is missing from the store:"
          + " run 'jaci image verify --repair', then import the image again");
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(blob, e), e);
    }
  }

  /**
   * A token that changes whenever the stored bytes of image {@code id} (a full ID) are
   * rewritten or replaced: its blob file's size, inode and inode change time, read with one
   * stat. Empty when the blob is missing.
   */
  public String blobStamp(ImageId id) throws JaciException {
    Path blob = layout.blob(id);
    try {
      java.util.Map<String, Object> a = Files.readAttributes(blob, "unix:size,ctime,ino");
      return a.get("size") + ":" + a.get("ino") + ":"
          + ((java.nio.file.attribute.FileTime) a.get("ctime"))
              .to(java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(blob, e), e);
    }
  }

  /**
   * Records that image {@code id} was used now (gc keeps recently used images); does nothing
   * in a read-only store.
   */
  public void markUsed(ImageId id) throws JaciException {
    if (readOnly) {
      return;
    }
    StoredImage image = get(id).orElseThrow(() -> new JaciException(
        "image " + id + " is not in the store"));
    index.markUsed(image.id(), Instant.now());
  }

  /** Removes image {@code id}; removing an image that is not there is not an error. */
  public void remove(ImageId id) throws JaciException {
    requireWritable("removing an image");
    Optional<StoredImage> image = get(id);
    if (image.isEmpty()) {
      return;
    }
    try (StoreLock.Held held = lock.acquire()) {
      // index first: a crash in between leaves an unindexed blob, which gc removes
      index.delete(image.get().id());
      Files.deleteIfExists(layout.blob(image.get().id()));
      distributedFiles().remove(image.get().id());
    } catch (IOException e) {
      throw new JaciException("removing " + image.get().describe() + ": "
          + IoMessages.describe(e), e);
    }
  }

  /**
   * Removes images not used within {@code gracePeriod}, blobs no image refers to and
   * temporary files of imports that died.
   */
  public GcReport gc(Duration gracePeriod) throws JaciException {
    return gc(gracePeriod, kept -> java.util.Set.of());
  }

  /** What images need: the renderer's dependency resolution, which the store does not know. */
  public interface Dependencies {
    /** Every image that rendering {@code images} reads, themselves included. */
    java.util.Set<ImageId> of(List<StoredImage> images) throws JaciException;
  }

  /**
   * As {@link #gc(Duration)}, but an image is kept, however old, when {@code needs} says that
   * an image kept for its recent use needs it (as a dependency, directly or not), so that gc
   * leaves no image it keeps unrenderable.
   */
  public GcReport gc(Duration gracePeriod, Dependencies needs) throws JaciException {
    requireWritable("collecting garbage");
    Instant cutoff = Instant.now().minus(gracePeriod);
    List<StoredImage> recent = new ArrayList<>();
    for (StoredImage image : list()) {
      if (!image.lastUsed().isBefore(cutoff)) {
        recent.add(image);
      }
    }
    return new StoreMaintenance(layout, index, lock).gc(cutoff, needs.of(recent),
        this::remove);
  }

  /**
   * Re-hashes the blobs of {@code ids} (every image when empty) and checks the index against
   * the files. With {@code repair}, images whose blob is missing or damaged are dropped from
   * the index (import them again), and leftovers are removed.
   */
  public VerifyReport verify(List<ImageId> ids, boolean repair) throws JaciException {
    if (repair) {
      requireWritable("repairing");
    }
    List<StoredImage> images = new ArrayList<>();
    if (ids.isEmpty()) {
      images.addAll(list());
    } else {
      for (ImageId id : ids) {
        images.add(get(id).orElseThrow(() -> new JaciException(
            "image " + id + " is not in the store")));
      }
    }
    return new StoreMaintenance(layout, index, readOnly ? null : lock)
        .verify(images, ids.isEmpty(), repair);
  }

  private StoredImage toImage(StoreIndex.Row row) throws JaciException {
    return new StoredImage(row.id(), parseManifest(row.id(), row.manifest()), row.size(),
        row.imported(), row.lastUsed());
  }

  private static ImageManifest parseManifest(ImageId id, byte[] json) throws JaciException {
    try {
      return ManifestJson.parse(json);
    } catch (InvalidManifestException e) {
      throw new JaciException("the manifest of " + id + " is invalid: " + e.getMessage());
    }
  }

  /** The raw manifest bytes of an image, as it was imported. */
  public byte[] rawManifest(ImageId id) throws JaciException {
    StoredImage image = get(id).orElseThrow(() -> new JaciException(
        "image " + id + " is not in the store"));
    return index.get(image.id()).orElseThrow().manifest();
  }

  @Override
  public void close() {
    BlobHashes last = ahead;
    if (last != null) {
      last.stop();
    }
    index.close();
  }
}
