package io.jaci.core.render;

import io.jaci.core.JaciException;
import io.jaci.core.ShortText;
import io.jaci.core.spec.Dependency;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.PathWhitelist;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Puts an image and its dependencies in the order their rootfs are laid down (appc spec,
 * "Dependency Matching"): each dependency, in list order, resolved depth-first (its own
 * dependencies first), then the image itself; for {@code A -> [B, C], C -> [D]} that is
 * B, D, C, A. A dependency is found by its {@code imageID} when it has one, else by
 * {@code imageName} and {@code labels}. An image reached along two paths (a diamond) is laid
 * down on each, each time filtered by the whitelists of that path's images.
 */
public final class DependencyResolver {
  /**
   * Beyond this many layers, or a chain this deep, a dependency graph is taken for a mistake
   * (or an attack); writers of layered images keep below it.
   */
  public static final int MAX_LAYERS = 1000;

  private final ImageSource source;
  private final List<RenderLayer> layers = new ArrayList<>();

  /** An image on the path from the top, with the next of its dependencies to visit. */
  private static final class Step {
    final ImageSource.Image image;
    final List<PathWhitelist> whitelists;
    int next;

    Step(ImageSource.Image image, List<PathWhitelist> ancestorWhitelists) {
      this.image = image;
      List<PathWhitelist> w = new ArrayList<>();
      PathWhitelist own = image.manifest().pathWhitelist();
      if (!own.isEmpty()) {
        w.add(own);
      }
      w.addAll(ancestorWhitelists);
      this.whitelists = w;
    }
  }

  private DependencyResolver(ImageSource source) {
    this.source = source;
  }

  /**
   * The layers of {@code top}, lowest first.
   *
   * @throws JaciException for a dependency that is not in the source, a cycle, or a graph of
   *     more than {@link #MAX_LAYERS} layers or that many deep, naming the chain (its ends
   *     when it is long): {@code example.com/a -> example.com/c -> example.com/d: not in the
   *     store}
   */
  public static List<RenderLayer> layers(ImageSource.Image top, ImageSource source)
      throws JaciException {
    DependencyResolver r = new DependencyResolver(source);
    r.walk(top);
    return List.copyOf(r.layers);
  }

  /** Depth first, with a stack of its own: a chain may be thousands of images deep. */
  private void walk(ImageSource.Image top) throws JaciException {
    List<Step> path = new ArrayList<>();
    Set<ImageId> onPath = new HashSet<>();
    path.add(new Step(top, List.of()));
    onPath.add(top.id());
    while (!path.isEmpty()) {
      Step step = path.get(path.size() - 1);
      List<Dependency> deps = step.image.manifest().dependencies();
      if (step.next < deps.size()) {
        ImageSource.Image dep = find(deps.get(step.next++), path);
        if (!onPath.add(dep.id())) {
          throw new JaciException(describe(path, dep) + ": a dependency cycle");
        }
        if (path.size() >= MAX_LAYERS) {
          throw new JaciException(describe(path, dep) + ": dependencies more than "
              + MAX_LAYERS + " images deep (a chain this deep is taken for a mistake)");
        }
        path.add(new Step(dep, step.whitelists));
        continue;
      }
      if (layers.size() >= MAX_LAYERS) {
        throw new JaciException(describe(path, null) + ": more than " + MAX_LAYERS
            + " layers to render (a dependency graph this big is taken for a mistake)");
      }
      layers.add(new RenderLayer(step.image.id(), step.image.manifest(), step.whitelists));
      path.remove(path.size() - 1);
      onPath.remove(step.image.id());
    }
  }

  private ImageSource.Image find(Dependency d, List<Step> path) throws JaciException {
    Optional<ImageSource.Image> found;
    String what;
    if (d.imageID().isPresent()) {
      found = source.byId(d.imageID().get());
      what = d.imageName() + " (" + d.imageID().get() + ")";
    } else {
      found = source.byNameAndLabels(d.imageName(), d.labels());
      what = d.labels().isEmpty() ? d.imageName().toString()
          : d.imageName() + labelSuffix(d);
    }
    if (found.isEmpty()) {
      throw new JaciException(describe(path, null) + " -> " + ShortText.cut(what, 200)
          + ": not in the store");
    }
    return found.get();
  }

  private static String labelSuffix(Dependency d) {
    StringBuilder b = new StringBuilder();
    d.labels().asList().forEach(l -> b.append(',').append(l.name()).append('=').append(l.value()));
    return b.toString();
  }

  /** The chain from the top to {@code last} (if not null), by its ends when it is long. */
  private static String describe(List<Step> path, ImageSource.Image last) {
    return ShortText.chain(names(path, last == null ? null : last.manifest().name().toString()));
  }

  private static List<String> names(List<Step> path, String last) {
    List<String> names = new ArrayList<>();
    for (Step s : path) {
      names.add(s.image.manifest().name().toString());
    }
    if (last != null) {
      names.add(last);
    }
    return names;
  }
}
