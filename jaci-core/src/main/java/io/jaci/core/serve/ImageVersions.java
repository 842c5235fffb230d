package io.jaci.core.serve;

import io.jaci.core.store.StoredImage;
import java.util.Optional;
import java.util.regex.Pattern;

/** The labels of an image that its download paths are made of. */
final class ImageVersions {
  /** Label values that may stand in a file name of the served tree. */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}");

  private ImageVersions() {}

  static String label(StoredImage image, String name) {
    return image.manifest().labels().get(name).orElse("");
  }

  /**
   * The file name of {@code image} under its name's directory, {@code VERSION-OS-ARCH.aci}
   * (the discovery template's), when it has the three labels and they are safe in a path.
   */
  static Optional<String> fileName(StoredImage image, String version) {
    String os = label(image, "os");
    String arch = label(image, "arch");
    if (!isSafe(version) || !isSafe(os) || !isSafe(arch)) {
      return Optional.empty();
    }
    return Optional.of(version + "-" + os + "-" + arch + ".aci");
  }

  static boolean isSafe(String value) {
    return SAFE.matcher(value).matches() && !value.contains("..");
  }
}
