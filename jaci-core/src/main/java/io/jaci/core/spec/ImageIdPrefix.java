package io.jaci.core.spec;

import java.util.Objects;

/**
 * What a user may type to name an image by ID: {@code sha512-} and at least 12 hex digits, as
 * {@code rkt image list} prints them.
 */
public record ImageIdPrefix(String hex) {
  static final int MIN_LENGTH = 12;

  /** Validates the hex digits; prefer {@link #parse(String)}. */
  public ImageIdPrefix {
    Objects.requireNonNull(hex, "hex");
    String problem = ImageId.hexProblem(hex, MIN_LENGTH);
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid image ID prefix \"" + ImageId.PREFIX + hex + "\": " + problem);
    }
  }

  /**
   * Parses {@code sha512-HEX} with 12 to 128 hex digits.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static ImageIdPrefix parse(String text) {
    if (!text.startsWith(ImageId.PREFIX)) {
      throw new IllegalArgumentException(
          "invalid image ID prefix \"" + text + "\": must start with \"" + ImageId.PREFIX + "\"");
    }
    return new ImageIdPrefix(text.substring(ImageId.PREFIX.length()));
  }

  /** True if {@code id} starts with this prefix. */
  public boolean matches(ImageId id) {
    return id.hex().startsWith(hex);
  }

  @Override
  public String toString() {
    return ImageId.PREFIX + hex;
  }
}
