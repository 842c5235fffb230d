package io.jaci.core.discovery;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.spec.ImageId;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.Label;
import io.jaci.core.spec.Labels;
import java.util.Optional;

/**
 * What a fetch asked for, and the check that a fetched image is that one (rkt#776): a server
 * must not answer a request for one image with another that its keys also sign.
 *
 * @param name the name asked for; null for an image fetched by URL, whose name is whatever its
 *     manifest says
 * @param required every label asked for (version, os, arch...)
 * @param id the image ID that a depending image requires, if it names one
 */
record AskedImage(AcIdentifier name, Labels required, Optional<ImageId> id) {
  /** An image fetched by URL: any name, any labels. */
  static AskedImage byUrl() {
    return new AskedImage(null, Labels.empty(), Optional.empty());
  }

  /**
   * Whether an image fetched before with manifest {@code m} can be used again: its name and
   * labels are the ones asked for, and no image ID is required (that one is fetched again).
   */
  boolean matches(ImageManifest m) {
    if (name != null && !m.name().equals(name)) {
      return false;
    }
    for (Label l : required.asList()) {
      if (!m.labels().get(l.name().value()).equals(Optional.of(l.value()))) {
        return false;
      }
    }
    return id.isEmpty();
  }

  /** Refuses an image from {@code url} that is not the one asked for (rkt#776). */
  void check(ImageManifest m, ImageId imported, String url) throws JaciException {
    if (name != null && !m.name().equals(name)) {
      throw new JaciException(url + ": the image is named " + m.name() + ", not " + name
          + " as asked: refused");
    }
    for (Label l : required.asList()) {
      Optional<String> have = m.labels().get(l.name().value());
      if (!have.equals(Optional.of(l.value()))) {
        throw new JaciException(url + ": the image has " + l.name() + "="
            + have.orElse("(none)") + ", not " + l.name() + "=" + l.value() + " as asked"
            + ": refused");
      }
    }
    if (id.isPresent() && !id.get().equals(imported)) {
      throw new JaciException(url + ": the image has ID " + imported + ", not " + id.get()
          + " as the depending image requires");
    }
  }
}
