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
 */
public record RenderResult(ImageId image, List<ImageId> layers, boolean fromCache,
    List<String> notRestored) {
  public RenderResult {
    layers = List.copyOf(layers);
    notRestored = List.copyOf(notRestored);
  }
}
