package io.jaci.core.oci;

import io.jaci.core.JaciException;
import io.jaci.core.extract.LayeredEntries;
import io.jaci.core.extract.PathFilter;
import io.jaci.core.render.ImageSource;
import io.jaci.core.render.RenderLayer;
import io.jaci.core.spec.PathWhitelist;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns the render layers of an image (lowest first, as {@code DependencyResolver} gives
 * them) into OCI layers that unpack to exactly what jaci renders: per layer, which of its own
 * entries go in and which paths of the layers below it whites out.
 *
 * <p>An image's whitelist filters its own files and those of every image below it in its
 * dependency tree, which in the render order is one run of layers ending with the image
 * itself (its "block"); a sibling's files, laid down before the block, are not touched.
 * So each OCI layer carries its image's entries filtered by the image's own whitelist, and
 * the whiteouts turn the tree of the layers below into the tree jaci renders up to and
 * including this image: the files of its block the whitelist does not list, worked out by
 * laying the block down again from the entries alone ({@link LayeredEntries}), not by
 * guessing. What whiteouts cannot express (a sibling's file that a filtered-out file of the
 * block had replaced comes back) is laid down again in the layer ({@link RestoredFiles}).
 */
final class LayerPlan {
  /**
   * One OCI layer to write.
   *
   * @param layer the image whose rootfs it holds
   * @param filter which of the image's entries go in
   * @param whiteouts paths below the root to hide in the layers below, parents before children
   * @param restored files of the layers below to lay down again, parents before children
   */
  record Step(RenderLayer layer, PathFilter filter, List<String> whiteouts,
      List<RestoredFiles.Restored> restored) {}

  private final List<RenderLayer> layers;
  private final ImageSource source;
  private final Path scratch;
  private final int[] blockStart;

  private LayerPlan(List<RenderLayer> layers, ImageSource source, Path scratch) {
    this.layers = layers;
    this.source = source;
    this.scratch = scratch;
    this.blockStart = blockStarts(layers);
  }

  /**
   * The steps for {@code layers}; reads the layers' tars only when a whitelist is there.
   *
   * @param scratch where to keep the content of files to lay down again (see {@link
   *     RestoredFiles})
   */
  static List<Step> of(List<RenderLayer> layers, ImageSource source, Path scratch)
      throws JaciException {
    LayerPlan plan = new LayerPlan(layers, source, scratch);
    boolean anyWhitelist = layers.stream().anyMatch(l -> !ownWhitelist(l).isEmpty());
    List<Step> steps = new ArrayList<>();
    if (!anyWhitelist) {
      for (RenderLayer l : layers) {
        steps.add(new Step(l, PathFilter.ALL, List.of(), List.of()));
      }
      return steps;
    }
    return plan.simulate();
  }

  /**
   * Where each layer's block starts: an image's block is the blocks of its dependencies,
   * one after another, then itself.
   */
  static int[] blockStarts(List<RenderLayer> layers) {
    int[] start = new int[layers.size()];
    for (int k = 0; k < layers.size(); k++) {
      int pos = k - 1;
      for (int d = 0; d < layers.get(k).manifest().dependencies().size(); d++) {
        pos = start[pos] - 1;
      }
      start[k] = pos + 1;
    }
    return start;
  }

  private static PathWhitelist ownWhitelist(RenderLayer l) {
    return l.manifest().pathWhitelist();
  }

  /**
   * The filter of layer {@code j} once the layers up to {@code k} are laid down: the own
   * whitelists of the images among {@code j..k} whose block holds {@code j}.
   */
  private PathFilter filter(int j, int k) {
    List<PathWhitelist> whitelists = new ArrayList<>();
    for (int x = j; x <= k; x++) {
      if (blockStart[x] <= j && !ownWhitelist(layers.get(x)).isEmpty()) {
        whitelists.add(ownWhitelist(layers.get(x)));
      }
    }
    RenderLayer l = layers.get(j);
    return new RenderLayer(l.id(), l.manifest(), whitelists).filter();
  }

  private List<Step> simulate() throws JaciException {
    List<Step> steps = new ArrayList<>();
    List<LayeredEntries> after = new ArrayList<>();
    for (int k = 0; k < layers.size(); k++) {
      RenderLayer x = layers.get(k);
      PathFilter own = filter(k, k);
      LayeredEntries before = k == 0 ? new LayeredEntries() : after.get(k - 1);
      if (ownWhitelist(x).isEmpty()) {
        LayeredEntries now = before.copy();
        apply(now, k, own);
        after.add(now);
        steps.add(new Step(x, own, List.of(), List.of()));
        continue;
      }
      int s = blockStart[k];
      LayeredEntries now = s == 0 ? new LayeredEntries() : after.get(s - 1).copy();
      for (int j = s; j <= k; j++) {
        apply(now, j, filter(j, k));
      }
      LayeredEntries alone = new LayeredEntries();
      apply(alone, k, own);
      NavigableMap<String, LayeredEntries.Laid> back = comingBack(before.all(), now.all(),
          alone.all());
      List<RestoredFiles.Restored> restored = back.isEmpty() ? List.of()
          : RestoredFiles.collect(back, layers.subList(0, k).stream().map(RenderLayer::id)
              .toList(), source, scratch);
      steps.add(new Step(x, own, whiteouts(before.all(), now.all()), restored));
      after.add(now);
    }
    return steps;
  }

  private void apply(LayeredEntries entries, int j, PathFilter filter) throws JaciException {
    try (InputStream tar = source.openTar(layers.get(j).id())) {
      entries.apply(tar, filter);
      tar.transferTo(java.io.OutputStream.nullOutputStream()); // the store checks at the end
    } catch (IOException e) {
      throw new JaciException("reading " + layers.get(j).id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The paths of {@code now} that neither stay as {@code before} had them nor are laid down
   * by the image's {@code own} entries: files of lower layers to lay down again.
   */
  private static NavigableMap<String, LayeredEntries.Laid> comingBack(
      NavigableMap<String, LayeredEntries.Laid> before,
      NavigableMap<String, LayeredEntries.Laid> now,
      NavigableMap<String, LayeredEntries.Laid> own) {
    NavigableMap<String, LayeredEntries.Laid> back = new TreeMap<>();
    for (Map.Entry<String, LayeredEntries.Laid> e : now.entrySet()) {
      LayeredEntries.Laid n = e.getValue();
      if (!same(n, before.get(e.getKey())) && !same(n, own.get(e.getKey()))) {
        back.put(e.getKey(), n);
      }
    }
    return back;
  }

  /**
   * What hides the paths of {@code before} that {@code now} lacks: one whiteout per removed
   * path whose parent stays a directory (a removed directory's whiteout hides its subtree,
   * a directory replaced by a file takes its subtree along).
   */
  private static List<String> whiteouts(NavigableMap<String, LayeredEntries.Laid> before,
      NavigableMap<String, LayeredEntries.Laid> now) {
    List<String> out = new ArrayList<>();
    for (String path : before.keySet()) {
      if (now.containsKey(path)) {
        continue;
      }
      int slash = path.lastIndexOf('/');
      LayeredEntries.Laid parent = slash < 0 ? null : now.get(path.substring(0, slash));
      if (slash < 0 || parent != null && isDirectory(parent)) {
        out.add(path);
      }
    }
    return out;
  }

  private static boolean isDirectory(LayeredEntries.Laid l) {
    return l.header() == null || l.header().type() == TarEntryType.DIRECTORY;
  }

  /** Equal files; {@link TarHeader#equals} compares xattr values by identity. */
  static boolean same(LayeredEntries.Laid a, LayeredEntries.Laid b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (!Objects.equals(a.sha512(), b.sha512())) {
      return false;
    }
    TarHeader h = a.header();
    TarHeader g = b.header();
    if (h == null || g == null) {
      return h == g;
    }
    if (!withoutXattrs(h).equals(withoutXattrs(g))
        || !h.xattrs().keySet().equals(g.xattrs().keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : h.xattrs().entrySet()) {
      if (!Arrays.equals(e.getValue(), g.xattrs().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static TarHeader withoutXattrs(TarHeader h) {
    return new TarHeader(h.name(), h.type(), h.mode(), h.uid(), h.gid(), h.size(), h.mtime(),
        h.linkName(), h.devMajor(), h.devMinor(), null);
  }
}
