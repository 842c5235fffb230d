package io.jaci.core.run;

import io.jaci.core.spec.AcName;
import io.jaci.core.spec.Annotations;
import io.jaci.core.spec.ImageId;
import java.util.Objects;
import java.util.Optional;

/**
 * What the metadata service tells about one app of a pod.
 *
 * @param name the app's name in the pod (what the app finds in {@code AC_APP_NAME})
 * @param imageManifestJson the image manifest exactly as stored with the image; served verbatim
 *     as {@code /apps/NAME/image/manifest}
 * @param imageId the ID of the app's image; none for an app run from a layout directory
 * @param annotations the app's annotations from the pod (e.g. {@code --annotation}); they are
 *     merged over the image's own annotations for {@code /apps/NAME/annotations}
 */
public record AppMetadata(
    AcName name, String imageManifestJson, Optional<ImageId> imageId, Annotations annotations) {

  public AppMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(imageManifestJson, "imageManifestJson");
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(annotations, "annotations");
  }
}
