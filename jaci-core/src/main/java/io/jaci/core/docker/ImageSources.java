package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.convert.ImageLocation;
import io.jaci.core.image.Platform;
import io.jaci.core.registry.RegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Opens a Docker or OCI image at an {@link ImageLocation}, whatever kind it is. */
public final class ImageSources {
  private ImageSources() {}

  /**
   * Opens the image at {@code location}: a registry reference, a {@code docker save}
   * archive or an OCI layout.
   *
   * @param registry makes the registry client (called only for registry locations)
   * @param platform the image to pick from an index or manifest list
   * @throws JaciException one line naming the location when it cannot be read
   * @throws IllegalArgumentException for an appc location (ACI file or store)
   */
  public static SourceImage open(ImageLocation location, Supplier<RegistryClient> registry,
      Platform platform) throws JaciException {
    if (location instanceof ImageLocation.Registry r) {
      return RegistrySource.open(registry.get(), r.reference(), platform);
    }
    if (location instanceof ImageLocation.DockerArchive a) {
      if (!Files.isRegularFile(a.file())) {
        throw new JaciException(a.file() + ": no such file (a docker save archive)");
      }
      return DockerArchiveSource.open(a.file(), a.repoTag(), platform);
    }
    if (location instanceof ImageLocation.OciLayout o) {
      Path dir = o.directory();
      if (!Files.isDirectory(dir)) {
        throw new JaciException(dir + ": no such directory (an OCI image layout)");
      }
      Path name = dir.toAbsolutePath().normalize().getFileName();
      return OciLayoutSource.open(LayoutFiles.directory(dir), o.tag(),
          name == null ? "image" : name.toString(), platform);
    }
    throw new IllegalArgumentException(location + " is no Docker or OCI image location");
  }

  /**
   * Refuses an image whose config declares another platform than {@code wanted}: a platform
   * the user asked for must not be ignored when there is no index to choose from.
   *
   * @param what names the image in the message
   * @throws JaciException one line naming both platforms
   */
  public static void requirePlatform(SourceImage image, Platform wanted, String what)
      throws JaciException {
    Platform declared = image.config().platform();
    if (declared.os().isEmpty() && declared.architecture().isEmpty()) {
      return; // the config says nothing to go against
    }
    if (!wanted.accepts(declared)) {
      throw new JaciException(what + " is an image for " + declared + ", not " + wanted
          + " (it has no index of platforms to choose from)");
    }
  }
}
