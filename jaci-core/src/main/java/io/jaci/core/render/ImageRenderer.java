package io.jaci.core.render;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.Timing;
import io.jaci.core.extract.ExtractResult;
import io.jaci.core.extract.TreeExtractor;
import io.jaci.core.extract.UnrestoredOwners;
import io.jaci.core.fs.CreationModes;
import io.jaci.core.fs.OwnerAccess;
import io.jaci.core.fs.SpecialFiles;
import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ManifestJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Renders an image with its dependencies into a directory, as the appc spec says: the
 * layers in {@link DependencyResolver}'s order, each filtered by its own and its ancestors'
 * path whitelists, later layers overwriting earlier ones (a symlink to a directory is
 * replaced, never followed). With a {@link TreeCache} the result is kept, and rendering the
 * same layers again is a copy.
 *
 * <p>The target appears complete or not at all. Without {@code rootfsOnly} it is an image
 * layout ({@code manifest} and {@code rootfs/}); with it, the target is the rootfs.
 *
 * <p>The directory handed back is private when running as root (mode 0700, as umoci makes
 * its bundles), whatever the image says: the image's setuid binaries and device nodes are
 * then out of other users' reach. With {@code rootfsOnly} that directory is the rootfs, whose
 * own mode is then 0700; everything inside keeps the image's modes. A normal user gets an
 * image layout with the mode its umask gives a new directory, a rootfs with the image's mode.
 * Everything is written inside a private temporary directory beside the target and moved
 * into place at the end.
 */
public final class ImageRenderer {
  private static final String ROOTFS = "rootfs";
  private static final int PRIVATE = 0700;

  private final ImageSource source;
  private TreeCache cache;
  private boolean fillCache = true;
  private ProgressListener progress = ProgressListener.NONE;
  private Consumer<String> warnings = w -> {};
  private boolean owners = Owners.canChown();

  private ImageRenderer(ImageSource source) {
    this.source = Objects.requireNonNull(source);
  }

  /** A renderer reading images from {@code source}, without a tree cache. */
  public static ImageRenderer of(ImageSource source) {
    return new ImageRenderer(source);
  }

  /** Keep rendered trees in {@code cache}, and copy from it when it has the tree. */
  public ImageRenderer treeCache(TreeCache value) {
    this.cache = value;
    return this;
  }

  /**
   * Whether a tree the cache lacks is laid down in the cache and copied from there (the
   * default), or laid down straight into the target, leaving the cache as it was: for trees
   * that are changed right away and seldom rendered again, such as the layout of a
   * Dockerfile's steps, where filling the cache costs a copy and a hash of the whole tree.
   */
  public ImageRenderer fillCache(boolean value) {
    this.fillCache = value;
    return this;
  }

  /**
   * Hears what the user should know although the render goes on, e.g. that the store's
   * disk is full and the tree cache is bypassed (default: nobody).
   */
  public ImageRenderer warnings(Consumer<String> value) {
    this.warnings = Objects.requireNonNull(value);
    return this;
  }

  public ImageRenderer progress(ProgressListener value) {
    this.progress = Objects.requireNonNull(value);
    return this;
  }

  /** Renders the image {@code id} with its dependencies into {@code target}. */
  public RenderResult render(ImageId id, Path target, boolean rootfsOnly) throws JaciException {
    return render(id, target, rootfsOnly ? Form.PRIVATE_ROOTFS : Form.LAYOUT);
  }

  /**
   * Renders the image {@code id} with its dependencies into {@code rootfs}, which keeps the
   * image's own mode even as root: for a caller that hands back a private directory around
   * it (as {@code jaci begin} does with its {@code DIR}).
   */
  public RenderResult renderRootfsInPrivateParent(ImageId id, Path rootfs)
      throws JaciException {
    return render(id, rootfs, Form.IMAGE_ROOTFS);
  }

  /** What the target is, and so which mode its top directory gets. */
  private enum Form {
    /** manifest and rootfs/; the layout directory is 0700 as root, else by the umask */
    LAYOUT,
    /** the rootfs, 0700 as root, else with the image's mode */
    PRIVATE_ROOTFS,
    /** the rootfs with the image's mode */
    IMAGE_ROOTFS
  }

  private RenderResult render(ImageId id, Path target, Form form) throws JaciException {
    ImageSource.Image top = image(id);
    List<RenderLayer> layers = DependencyResolver.layers(top, source);
    return write(top, layers, target, form);
  }

  /** Extracts only the image's own files (no dependencies, no whitelist) into {@code target}. */
  public RenderResult extractOwn(ImageId id, Path target, boolean rootfsOnly)
      throws JaciException {
    ImageSource.Image top = image(id);
    RenderLayer own = new RenderLayer(top.id(), top.manifest(), List.of());
    try (AtomicOutputDirectory out = AtomicOutputDirectory.create(target)) {
      Path rootfs = Files.createDirectory(out.path().resolve(ROOTFS));
      List<String> notRestored = layDown(List.of(own), rootfs).notRestored();
      commit(out, top, rootfsOnly ? Form.PRIVATE_ROOTFS : Form.LAYOUT);
      return new RenderResult(top.id(), List.of(top.id()), false, notRestored);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(target, e), e);
    }
  }

  /**
   * The rendered tree of image {@code id} in the tree cache, laid down there first when it is
   * missing, without copying it anywhere: what {@code jaci run} mounts read-only as the lower
   * layer of an overlay. The caller must never write into it. Needs a tree cache.
   */
  public Path cachedTree(ImageId id) throws JaciException {
    if (cache == null) {
      throw new IllegalStateException("cachedTree needs a tree cache");
    }
    ImageSource.Image top = image(id);
    List<RenderLayer> layers = DependencyResolver.layers(top, source);
    markUsed(layers);
    String key = TreeCache.key(layers);
    try {
      List<String> stamps = blobStamps(layers);
      // the blobs' stamps are checked; the tree's fingerprint is not (that would be a walk of
      // the whole tree on every run): a hand-edited tree is found by the next render or verify
      Optional<TreeCache.Tree> cached = cache.lookup(key, stamps, warnings);
      if (cached.isPresent()) {
        return cached.get().rootfs();
      }
      Path work = cache.newWorkDirectory();
      try {
        Path workRootfs = Files.createDirectory(work.resolve("rootfs"));
        UnrestoredOwners owners = Owners.canChown() ? null : new UnrestoredOwners();
        layDown(layers, workRootfs, owners);
        if (owners != null) {
          TreeOwners.write(workRootfs, owners);
        }
        Optional<Path> published = cache.publish(key, work);
        if (published.isEmpty()) {
          return cache.entryRootfs(key); // another process made it meanwhile
        }
        cache.finish(key, layers, stamps, TreeHash.summarize(published.get()),
            TreeFingerprint.of(published.get()));
        return published.get();
      } finally {
        AtomicOutputDirectory.deleteTree(work);
      }
    } catch (IOException e) {
      throw new JaciException("tree cache: " + IoMessages.describe(e), e);
    }
  }

  private List<String> blobStamps(List<RenderLayer> layers) throws IOException, JaciException {
    List<String> stamps = new ArrayList<>();
    for (RenderLayer l : layers) {
      stamps.add(source.blobStamp(l.id()));
    }
    return stamps;
  }

  private void markUsed(List<RenderLayer> layers) throws JaciException {
    for (ImageId used : new LinkedHashSet<>(layers.stream().map(RenderLayer::id).toList())) {
      source.markUsed(used); // a dependency in use is no garbage, even when the tree is cached
    }
  }

  private ImageSource.Image image(ImageId id) throws JaciException {
    return source.byId(id).orElseThrow(() -> new JaciException(id + ": not in the store"));
  }

  private RenderResult write(ImageSource.Image top, List<RenderLayer> layers, Path target,
      Form form) throws JaciException {
    List<ImageId> ids = layers.stream().map(RenderLayer::id).toList();
    markUsed(layers);
    Timing.mark("dependencies resolved, marked used");
    try (AtomicOutputDirectory out = AtomicOutputDirectory.create(target)) {
      Path rootfs = Files.createDirectory(out.path().resolve(ROOTFS));
      RenderResult result = cache == null
          ? new RenderResult(top.id(), ids, false, layDown(layers, rootfs).notRestored())
          : throughCache(top, layers, rootfs);
      commit(out, top, form);
      return result;
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(target, e), e);
    }
  }

  private RenderResult throughCache(ImageSource.Image top, List<RenderLayer> layers,
      Path rootfs) throws IOException, JaciException {
    List<ImageId> ids = layers.stream().map(RenderLayer::id).toList();
    String key = TreeCache.key(layers);
    List<String> stamps = blobStamps(layers);
    List<String> remarks = new ArrayList<>();
    Consumer<String> remark = line -> {
      remarks.add(line);
      warnings.accept(line);
    };
    Optional<TreeCache.Tree> cached = cache.lookup(key, stamps, remark);
    Timing.mark("tree cache checked");
    if (cached.isPresent()) {
      TreeFingerprint copied = copyTree("copying the cached tree", cached.get().rootfs(),
          rootfs, cached.get().xattrs(), cached.get().fingerprint().bytes());
      Timing.mark("copied from the tree cache");
      if (copied.equals(cached.get().fingerprint())) {
        TreeCache.restoreModes(rootfs, cached.get().withheldModes());
        return new RenderResult(top.id(), ids, true, List.of());
      }
      // edited since it was made: the copy is not the image's; render it again
      remark.accept(cache.discard(key, "changed since it was made"));
      AtomicOutputDirectory.deleteTree(rootfs);
    }
    if (!fillCache) {
      Files.createDirectories(rootfs);
      return new RenderResult(top.id(), ids, false, layDown(layers, rootfs).notRestored(),
          remarks);
    }
    Path work = null;
    try {
      List<String> notRestored;
      Optional<Path> published;
      Path workRootfs;
      List<TreeCache.WithheldMode> withheld;
      try {
        work = cache.newWorkDirectory();
        workRootfs = work.resolve("rootfs");
        Files.createDirectory(workRootfs);
        LaidDown laid = layDown(layers, workRootfs);
        notRestored = laid.notRestored();
        // a normal user's tree is kept readable (0000 files and directories opened to their
        // owner), its real modes beside it, so that reading it back changes nothing in it
        withheld = laid.ownerLockedOut() ? TreeCache.withholdModes(work, workRootfs) : List.of();
        Timing.mark("laid down in the tree cache");
        published = cache.publish(key, work);
      } catch (JaciException | IOException e) {
        if (!IoMessages.isDiskFull(e)) {
          throw e;
        }
        // only the store's disk is full, maybe: the target can still take the tree
        AtomicOutputDirectory.deleteTree(work);
        work = null;
        warnings.accept("the store's disk is full: rendering without the tree cache (free"
            + " space on it to use the cache again)");
        Files.createDirectories(rootfs);
        return new RenderResult(top.id(), ids, false, layDown(layers, rootfs).notRestored());
      }
      Path tree = published.orElse(workRootfs);
      // the content hash (for verify) is taken while the tree is copied out: two cores
      CompletableFuture<TreeHash.Summary> hash = CompletableFuture.supplyAsync(() -> {
        try {
          return TreeHash.summarize(tree);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      TreeFingerprint fingerprint = copyTree("copying the tree", tree, rootfs, true, -1);
      TreeCache.restoreModes(rootfs, withheld);
      Timing.mark("copied to the target");
      TreeHash.Summary contentHash;
      try {
        contentHash = hash.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause()
            : new IOException(e.getCause());
      }
      Timing.mark("tree hashed");
      if (published.isPresent()) {
        cache.finish(key, layers, stamps, contentHash, fingerprint);
      }
      return new RenderResult(top.id(), ids, false, notRestored, remarks);
    } finally {
      if (work != null) {
        AtomicOutputDirectory.deleteTree(work);
      }
    }
  }

  /** What laying down layers left out, and whether a mode keeps the user out of an entry. */
  private record LaidDown(List<String> notRestored, boolean ownerLockedOut) {}

  private LaidDown layDown(List<RenderLayer> layers, Path rootfs) throws JaciException {
    return layDown(layers, rootfs, null);
  }

  /** {@code owners}: where to note the owners not given (null: nowhere). */
  private LaidDown layDown(List<RenderLayer> layers, Path rootfs, UnrestoredOwners owners)
      throws JaciException {
    Set<String> notRestored = new LinkedHashSet<>();
    boolean lockedOut = false;
    long total = 0;
    for (RenderLayer layer : layers) {
      long size = source.size(layer.id());
      total = size < 0 || total < 0 ? -1 : total + size;
    }
    source.willRead(layers.stream().map(RenderLayer::id).toList());
    progress.start("rendering", total);
    try {
      for (RenderLayer layer : layers) {
        TreeExtractor extractor = TreeExtractor.into(rootfs).progress(progress)
            .filter(layer.filter()).unrestoredOwners(owners);
        // read to the end (the store checks the blob's SHA-512 against its ID there), and
        // again if a whitelisted hard link needs the content of a file left out
        try {
          ExtractResult r = extractor.extract(() -> source.openTar(layer.id()));
          notRestored.addAll(r.notRestored());
          lockedOut |= r.ownerLockedOut();
        } catch (IOException e) {
          throw new JaciException("reading " + layer.id() + ": " + IoMessages.describe(e), e);
        }
      }
    } finally {
      progress.finish();
    }
    return new LaidDown(new ArrayList<>(notRestored), lockedOut);
  }

  /** Gives the top directory its mode (see the class comment) and moves it into place. */
  private static void commit(AtomicOutputDirectory out, ImageSource.Image top, Form form)
      throws IOException {
    boolean root = SpecialFiles.effectiveUid() == 0;
    if (form == Form.LAYOUT) {
      Files.write(out.path().resolve("manifest"), ManifestJson.writePretty(top.manifest()));
      if (!root) {
        // the temporary directory is 0700; a normal user's own directories follow the umask
        Files.setAttribute(out.path(), "unix:mode", CreationModes.newDirectoryMode());
      }
      out.commit();
      return;
    }
    Path rootfs = out.path().resolve(ROOTFS);
    if (form == Form.PRIVATE_ROOTFS && root) {
      Files.setAttribute(rootfs, "unix:mode", PRIVATE);
    }
    OwnerAccess access = OwnerAccess.forThisProcess();
    // moving a directory to another parent rewrites its "..": a normal user needs u+w on it
    access.open(rootfs, (Integer) Files.getAttribute(rootfs, "unix:mode"), SpecialFiles
        .effectiveUid());
    out.commitChild(ROOTFS);
    for (OwnerAccess.Opened o : access.opened()) {
      Files.setAttribute(out.target(), "unix:mode", o.mode());
    }
  }

  /** Copies the tree {@code from} to {@code to}; returns its fingerprint, read on the way. */
  private TreeFingerprint copyTree(String task, Path from, Path to, boolean xattrs, long bytes)
      throws IOException {
    if (Files.exists(to)) {
      // the output directory itself (rootfs-only): take over the tree's root metadata
      Files.delete(to);
    }
    TreeFingerprint.Counter seen = new TreeFingerprint.Counter();
    progress.start(task, bytes);
    try {
      TreeCopier.copy(from, to, owners, xattrs, NativeCopies.INSTANCE, new TreeCopier.Listener() {
        @Override
        public void entry(java.util.Map<String, Object> attributes) {
          seen.add(attributes);
        }

        @Override
        public void copied(long n) {
          synchronized (progress) { // files are copied on several threads
            progress.advance(n);
          }
        }
      });
    } finally {
      progress.finish();
    }
    return seen.result();
  }
}
