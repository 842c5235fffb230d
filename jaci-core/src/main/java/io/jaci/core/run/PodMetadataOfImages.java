package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.AcName;
import io.jaci.core.spec.Annotations;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The metadata of a planned pod: each app's stored manifest and image ID. */
final class PodMetadataOfImages {
  private PodMetadataOfImages() {}

  /**
   * @param images per app, a stored image's ID ({@code sha512-...}) or a layout directory
   */
  static PodMetadata of(ImageStore store, UUID uuid, List<AcName> names, List<String> images)
      throws JaciException {
    List<AppMetadata> apps = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String image = images.get(i);
      if (image.startsWith("sha512-")) {
        ImageId id = ImageId.parse(image);
        apps.add(new AppMetadata(names.get(i),
            new String(store.rawManifest(id), StandardCharsets.UTF_8), Optional.of(id),
            Annotations.empty()));
      } else {
        Path manifest = Path.of(image, "manifest");
        try {
          apps.add(new AppMetadata(names.get(i), Files.readString(manifest), Optional.empty(),
              Annotations.empty()));
        } catch (IOException e) {
          throw new JaciException(IoMessages.about(manifest, e), e);
        }
      }
    }
    return new PodMetadata(uuid, Annotations.empty(), apps);
  }
}
