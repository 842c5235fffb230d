package io.jaci.core.discovery;

import java.net.URI;
import java.util.List;

/**
 * What meta discovery found for an image.
 *
 * @param images where the image can be downloaded, best first
 * @param keys where the public keys of its prefix can be downloaded
 * @param page the discovery page that gave them
 */
public record Endpoints(List<Image> images, List<URI> keys, URI page) {
  public Endpoints {
    images = List.copyOf(images);
    keys = List.copyOf(keys);
  }

  /** An {@code .aci} URL and its signature's URL. */
  public record Image(URI aci, URI signature) {}
}
