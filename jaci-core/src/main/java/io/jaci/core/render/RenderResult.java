package io.jaci.core.render;

import io.jaci.core.spec.ImageId;
import java.util.List;

/**
 * What a render did.
 *
 * @param image the rendered image
 * @param layers the images laid down, lowest first
 * @param fromCache whether the tree came from the tree cache
 * @param notRestored what could not be restored (owners or devices without root), one line
 *     per kind
 * @param remarks what the user should hear of, such as a cached tree found changed and
 *     rendered again; a line each
 */
public record RenderResult(ImageId image, List<ImageId> layers, boolean fromCache,
    List<String> notRestored, List<String> remarks) {
  public RenderResult {
    layers = List.copyOf(layers);
    notRestored = List.copyOf(notRestored);
    remarks = List.copyOf(remarks);
  }

  /** A result without remarks. */
  public RenderResult(ImageId image, List<ImageId> layers, boolean fromCache,
      List<String> notRestored) {
    this(image, layers, fromCache, notRestored, List.of());
  }
}
