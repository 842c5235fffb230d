package io.jaci.core.render;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.Timing;
import io.jaci.core.extract.ExtractResult;
import io.jaci.core.extract.TreeExtractor;
import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

/**
 * Renders an image with its dependencies into a directory, as the appc spec says: the
 * layers in {@link DependencyResolver}'s order, each filtered by its own and its ancestors'
 * path whitelists, later layers overwriting earlier ones (a symlink to a directory is
 * replaced, never followed). With a {@link TreeCache} the result is kept, and rendering the
 * same layers again is a copy.
 *
 * <p>The target appears complete or not at all. Without {@code rootfsOnly} it is an image
 * layout ({@code manifest} and {@code rootfs/}); with it, the target is the rootfs.
 */
public final class ImageRenderer {
  private final ImageSource source;
  private TreeCache cache;
  private ProgressListener progress = ProgressListener.NONE;
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

  public ImageRenderer progress(ProgressListener value) {
    this.progress = Objects.requireNonNull(value);
    return this;
  }

  /** Renders the image {@code id} with its dependencies into {@code target}. */
  public RenderResult render(ImageId id, Path target, boolean rootfsOnly) throws JaciException {
    ImageSource.Image top = image(id);
    List<RenderLayer> layers = DependencyResolver.layers(top, source);
    return write(top, layers, target, rootfsOnly);
  }

  /** Extracts only the image's own files (no dependencies, no whitelist) into {@code target}. */
  public RenderResult extractOwn(ImageId id, Path target, boolean rootfsOnly)
      throws JaciException {
    ImageSource.Image top = image(id);
    RenderLayer own = new RenderLayer(top.id(), top.manifest(), List.of());
    try (AtomicOutputDirectory out = AtomicOutputDirectory.create(target)) {
      Path rootfs = prepare(out.path(), top, rootfsOnly);
      List<String> notRestored = new ArrayList<>(layDown(List.of(own), rootfs));
      out.commit();
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
      Optional<TreeCache.Tree> cached = cache.lookup(key);
      if (cached.isPresent()) {
        return cached.get().rootfs();
      }
      Path work = cache.newWorkDirectory();
      try {
        Path workRootfs = Files.createDirectory(work.resolve("rootfs"));
        layDown(layers, workRootfs);
        Optional<Path> published = cache.publish(key, work);
        if (published.isEmpty()) {
          return cache.entryRootfs(key); // another process made it meanwhile
        }
        cache.finish(key, layers, TreeHash.summarize(published.get()));
        return published.get();
      } finally {
        AtomicOutputDirectory.deleteTree(work);
      }
    } catch (IOException e) {
      throw new JaciException("tree cache: " + IoMessages.describe(e), e);
    }
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
      boolean rootfsOnly) throws JaciException {
    List<ImageId> ids = layers.stream().map(RenderLayer::id).toList();
    markUsed(layers);
    Timing.mark("dependencies resolved, marked used");
    try (AtomicOutputDirectory out = AtomicOutputDirectory.create(target)) {
      Path rootfs = prepare(out.path(), top, rootfsOnly);
      RenderResult result = cache == null
          ? new RenderResult(top.id(), ids, false, layDown(layers, rootfs))
          : throughCache(top, layers, rootfs);
      out.commit();
      return result;
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(target, e), e);
    }
  }

  private RenderResult throughCache(ImageSource.Image top, List<RenderLayer> layers,
      Path rootfs) throws IOException, JaciException {
    List<ImageId> ids = layers.stream().map(RenderLayer::id).toList();
    String key = TreeCache.key(layers);
    Optional<TreeCache.Tree> cached = cache.lookup(key);
    if (cached.isPresent()) {
      progress.start("copying the cached tree", -1);
      try {
        copyTree(cached.get().rootfs(), rootfs, cached.get().xattrs());
        Timing.mark("copied from the tree cache");
      } finally {
        progress.finish();
      }
      return new RenderResult(top.id(), ids, true, List.of());
    }
    Path work = cache.newWorkDirectory();
    Path workRootfs = work.resolve("rootfs");
    try {
      Files.createDirectory(workRootfs);
      List<String> notRestored = layDown(layers, workRootfs);
      Timing.mark("laid down in the tree cache");
      Optional<Path> published = cache.publish(key, work);
      Path tree = published.orElse(workRootfs);
      // the content hash (for verify) is taken while the tree is copied out: two cores
      CompletableFuture<TreeHash.Summary> hash = CompletableFuture.supplyAsync(() -> {
        try {
          return TreeHash.summarize(tree);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      copyTree(tree, rootfs, true);
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
        cache.finish(key, layers, contentHash);
      }
      return new RenderResult(top.id(), ids, false, notRestored);
    } finally {
      AtomicOutputDirectory.deleteTree(work);
    }
  }

  private List<String> layDown(List<RenderLayer> layers, Path rootfs) throws JaciException {
    Set<String> notRestored = new LinkedHashSet<>();
    long total = 0;
    for (RenderLayer layer : layers) {
      long size = source.size(layer.id());
      total = size < 0 || total < 0 ? -1 : total + size;
    }
    progress.start("rendering", total);
    try {
      for (RenderLayer layer : layers) {
        TreeExtractor extractor = TreeExtractor.into(rootfs).progress(progress)
            .filter(layer.filter());
        try (InputStream tar = source.openTar(layer.id())) {
          ExtractResult r = extractor.extract(tar);
          // read to the end: the store checks the blob's SHA-512 against its ID there
          tar.transferTo(OutputStream.nullOutputStream());
          notRestored.addAll(r.notRestored());
        } catch (IOException e) {
          throw new JaciException("reading " + layer.id() + ": " + IoMessages.describe(e), e);
        }
      }
    } finally {
      progress.finish();
    }
    return new ArrayList<>(notRestored);
  }

  private Path prepare(Path dir, ImageSource.Image top, boolean rootfsOnly) throws IOException {
    if (rootfsOnly) {
      return dir;
    }
    Files.write(dir.resolve("manifest"), ManifestJson.writePretty(top.manifest()));
    Path rootfs = dir.resolve("rootfs");
    Files.createDirectory(rootfs);
    return rootfs;
  }

  private void copyTree(Path from, Path to, boolean xattrs) throws IOException {
    if (Files.exists(to)) {
      // the output directory itself (rootfs-only): take over the tree's root metadata
      Files.delete(to);
    }
    TreeCopier.copy(from, to, owners, xattrs, NativeCopies.INSTANCE);
  }
}
