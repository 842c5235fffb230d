package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.nio.file.Path;

/** REF arguments of image commands: an image ID, an app string, or an ACI file to import. */
final class ImageRefs {
  private ImageRefs() {}

  /**
   * The stored image {@code ref} names; an ACI file is imported first, once while it is
   * unchanged ({@link ImageStore#importAciFileOnce}), as {@code jaci run FILE.aci} does.
   */
  static StoredImage resolveOrImport(ImageStore store, String ref, ProgressListener progress)
      throws JaciException {
    if (ImageStore.isAciPath(ref)) {
      return store.importAciFileOnce(Path.of(ref), progress);
    }
    return store.resolve(ref);
  }
}
