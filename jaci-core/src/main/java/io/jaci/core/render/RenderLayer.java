package io.jaci.core.render;

import io.jaci.core.extract.PathFilter;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.PathWhitelist;
import java.util.List;

/**
 * One image's rootfs as it is laid down while rendering.
 *
 * @param id the image
 * @param manifest its manifest
 * @param whitelists the non-empty path whitelists that filter it: its own and those of the
 *     images that depend on it, directly or not (never a sibling's)
 */
public record RenderLayer(ImageId id, ImageManifest manifest, List<PathWhitelist> whitelists) {
  public RenderLayer {
    whitelists = List.copyOf(whitelists);
  }

  /** Which of the layer's paths are laid down: those all its whitelists keep. */
  public PathFilter filter() {
    WhitelistFilter f = new WhitelistFilter(whitelists);
    return f.keepsAll() ? PathFilter.ALL : f::keep;
  }
}
