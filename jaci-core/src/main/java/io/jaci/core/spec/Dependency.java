package io.jaci.core.spec;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An image this image is laid over. Found by {@code imageID} when given, else by {@code
 * imageName} and every one of {@code labels}; {@code size} is the dependency's size in bytes, if
 * known.
 */
public record Dependency(
    AcIdentifier imageName, Optional<ImageId> imageID, Labels labels, OptionalLong size) {

  /**
   * Checks that the size is not negative.
   *
   * @throws IllegalArgumentException if it is
   */
  public Dependency {
    Objects.requireNonNull(imageName, "imageName");
    Objects.requireNonNull(imageID, "imageID");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(size, "size");
    if (size.isPresent() && size.getAsLong() < 0) {
      throw new IllegalArgumentException("size: " + size.getAsLong() + " must not be negative");
    }
  }

  /** A dependency found by name alone. */
  public static Dependency of(AcIdentifier imageName) {
    return new Dependency(imageName, Optional.empty(), Labels.empty(), OptionalLong.empty());
  }

  /** A dependency found by name and labels. */
  public static Dependency of(AcIdentifier imageName, Labels labels) {
    return new Dependency(imageName, Optional.empty(), labels, OptionalLong.empty());
  }
}
