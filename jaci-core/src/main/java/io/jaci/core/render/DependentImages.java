package io.jaci.core.render;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.Dependency;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.Labels;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the stored images depend on each other, as the renderer sees it ({@link
 * DependencyResolver} over the store): which images removing some would leave unrenderable,
 * and which cannot be rendered already.
 */
public final class DependentImages {
  private DependentImages() {}

  /** A stored image whose dependencies cannot be resolved, and the resolver's reason. */
  public record Unresolvable(StoredImage image, String reason) {}

  /**
   * The stored images, other than {@code removing}, that can be rendered now but could not
   * once {@code removing} are gone: those that need one of them by ID, or by name and labels
   * when no other stored image matches. An image found by name and labels that another image
   * still matches is not counted (the spec lets it resolve to that one).
   */
  public static List<StoredImage> brokenByRemoving(ImageStore store, Set<ImageId> removing)
      throws JaciException {
    ImageSource now = StoreImages.of(store);
    ImageSource after = new Without(store, removing);
    List<StoredImage> broken = new ArrayList<>();
    for (StoredImage image : store.list()) {
      if (removing.contains(image.id()) || image.manifest().dependencies().isEmpty()) {
        continue;
      }
      ImageSource.Image top = new ImageSource.Image(image.id(), image.manifest());
      List<RenderLayer> layers;
      try {
        layers = DependencyResolver.layers(top, now);
      } catch (JaciException e) {
        continue; // already unrenderable: not this removal's doing (verify reports it)
      }
      if (layers.stream().noneMatch(l -> removing.contains(l.id()))) {
        continue;
      }
      try {
        DependencyResolver.layers(top, after);
      } catch (JaciException e) {
        broken.add(image);
      }
    }
    return broken;
  }

  /**
   * Every image that {@code images} are rendered from, themselves included (the layers the
   * renderer would lay down); an image whose dependencies do not resolve adds only itself.
   */
  public static Set<ImageId> neededBy(ImageStore store, List<StoredImage> images)
      throws JaciException {
    ImageSource source = StoreImages.of(store);
    Set<ImageId> needed = new java.util.HashSet<>();
    for (StoredImage image : images) {
      needed.add(image.id());
      try {
        DependencyResolver.layers(new ImageSource.Image(image.id(), image.manifest()), source)
            .forEach(l -> needed.add(l.id()));
      } catch (JaciException e) {
        // unrenderable already (verify says so): nothing more to keep for it
      }
    }
    return needed;
  }

  /** The images among {@code images} whose dependencies cannot be resolved in the store. */
  public static List<Unresolvable> unresolvable(ImageStore store, List<StoredImage> images)
      throws JaciException {
    ImageSource source = StoreImages.of(store);
    List<Unresolvable> found = new ArrayList<>();
    for (StoredImage image : images) {
      try {
        DependencyResolver.layers(new ImageSource.Image(image.id(), image.manifest()), source);
      } catch (JaciException e) {
        found.add(new Unresolvable(image, e.getMessage()));
      }
    }
    return found;
  }

  /**
   * The image each of {@code image}'s own dependencies resolves to now, in the manifest's
   * order; empty where none does (or a short ID matches several).
   */
  public static List<Optional<ImageId>> resolvedDependencies(ImageStore store,
      StoredImage image) throws JaciException {
    ImageSource source = StoreImages.of(store);
    List<Optional<ImageId>> resolved = new ArrayList<>();
    for (Dependency d : image.manifest().dependencies()) {
      try {
        Optional<ImageSource.Image> found = d.imageID().isPresent()
            ? source.byId(d.imageID().get())
            : source.byNameAndLabels(d.imageName(), d.labels());
        resolved.add(found.map(ImageSource.Image::id));
      } catch (JaciException e) {
        resolved.add(Optional.empty()); // an ambiguous short ID resolves to nothing
      }
    }
    return resolved;
  }

  /** The store as it would be without some images. */
  private static final class Without implements ImageSource {
    private final ImageStore store;
    private final Set<ImageId> removed;

    Without(ImageStore store, Set<ImageId> removed) {
      this.store = store;
      this.removed = removed;
    }

    @Override
    public Optional<Image> byId(ImageId id) throws JaciException {
      return store.get(id).filter(s -> !removed.contains(s.id()))
          .map(s -> new Image(s.id(), s.manifest()));
    }

    @Override
    public Optional<Image> byNameAndLabels(AcIdentifier name, Labels labels)
        throws JaciException {
      return store.find(name, labels).stream().filter(s -> !removed.contains(s.id()))
          .findFirst().map(s -> new Image(s.id(), s.manifest()));
    }

    @Override
    public InputStream openTar(ImageId id) {
      throw new UnsupportedOperationException("only for resolving dependencies");
    }
  }
}
