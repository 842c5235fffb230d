package io.jaci.core.render;

import io.jaci.core.JaciException;
import io.jaci.core.spec.Dependency;
import io.jaci.core.spec.PathWhitelist;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts an image and its dependencies in the order their rootfs are laid down (appc spec,
 * "Dependency Matching"): each dependency, in list order, resolved depth-first (its own
 * dependencies first), then the image itself; for {@code A -> [B, C], C -> [D]} that is
 * B, D, C, A. A dependency is found by its {@code imageID} when it has one, else by
 * {@code imageName} and {@code labels}. An image reached along two paths (a diamond) is laid
 * down on each, each time filtered by the whitelists of that path's images.
 */
public final class DependencyResolver {
  /** Beyond this many layers a dependency graph is taken for a mistake (or an attack). */
  static final int MAX_LAYERS = 1000;

  private final ImageSource source;
  private final List<RenderLayer> layers = new ArrayList<>();

  private DependencyResolver(ImageSource source) {
    this.source = source;
  }

  /**
   * The layers of {@code top}, lowest first.
   *
   * @throws JaciException for a dependency that is not in the source or a cycle, naming the
   *     chain: {@code example.com/a -> example.com/c -> example.com/d: not in the store}
   */
  public static List<RenderLayer> layers(ImageSource.Image top, ImageSource source)
      throws JaciException {
    DependencyResolver r = new DependencyResolver(source);
    r.visit(top, List.of(), List.of());
    return List.copyOf(r.layers);
  }

  private void visit(ImageSource.Image image, List<PathWhitelist> ancestorWhitelists,
      List<ImageSource.Image> chain) throws JaciException {
    for (ImageSource.Image seen : chain) {
      if (seen.id().equals(image.id())) {
        throw new JaciException(describe(chain) + " -> " + image.manifest().name()
            + ": a dependency cycle");
      }
    }
    List<ImageSource.Image> path = new ArrayList<>(chain);
    path.add(image);
    List<PathWhitelist> whitelists = new ArrayList<>();
    PathWhitelist own = image.manifest().pathWhitelist();
    if (!own.isEmpty()) {
      whitelists.add(own);
    }
    whitelists.addAll(ancestorWhitelists);
    for (Dependency d : image.manifest().dependencies()) {
      visit(find(d, path), whitelists, path);
    }
    if (layers.size() >= MAX_LAYERS) {
      throw new JaciException(describe(path) + ": more than " + MAX_LAYERS
          + " layers to render (a dependency graph this big is taken for a mistake)");
    }
    layers.add(new RenderLayer(image.id(), image.manifest(), whitelists));
  }

  private ImageSource.Image find(Dependency d, List<ImageSource.Image> path)
      throws JaciException {
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
      throw new JaciException(describe(path) + " -> " + what + ": not in the store");
    }
    return found.get();
  }

  private static String labelSuffix(Dependency d) {
    StringBuilder b = new StringBuilder();
    d.labels().asList().forEach(l -> b.append(',').append(l.name()).append('=').append(l.value()));
    return b.toString();
  }

  private static String describe(List<ImageSource.Image> chain) {
    List<String> names = new ArrayList<>();
    for (ImageSource.Image i : chain) {
      names.add(i.manifest().name().toString());
    }
    return String.join(" -> ", names);
  }
}
