package io.jaci.core.spec;

import java.util.HexFormat;
import java.util.Objects;

/**
 * An image ID: {@code sha512-} followed by the lower-case hex SHA-512 of the uncompressed image
 * tar. The full form has 128 hex digits; like the reference {@code types.Hash}, shorter forms
 * (rkt's 64-digit store keys) are accepted where manifests carry them, e.g. in {@code
 * dependencies}, down to 12 digits.
 */
public record ImageId(String hex) {
  static final String PREFIX = "sha512-";
  static final int FULL_LENGTH = 128;
  static final int MIN_LENGTH = 12;

  /** Validates the hex digits; prefer {@link #parse(String)}. */
  public ImageId {
    Objects.requireNonNull(hex, "hex");
    String problem = hexProblem(hex, MIN_LENGTH);
    if (problem != null) {
      throw new IllegalArgumentException("invalid image ID \"" + PREFIX + hex + "\": " + problem);
    }
  }

  /**
   * Parses {@code sha512-HEX}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static ImageId parse(String text) {
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "invalid image ID \"" + text + "\": must start with \"" + PREFIX + "\"");
    }
    return new ImageId(text.substring(PREFIX.length()));
  }

  /** The ID of an image whose uncompressed tar has this SHA-512 digest. */
  public static ImageId ofSha512(byte[] digest) {
    if (digest.length != FULL_LENGTH / 2) {
      throw new IllegalArgumentException(
          "a SHA-512 digest has 64 bytes, got " + digest.length);
    }
    return new ImageId(HexFormat.of().formatHex(digest));
  }

  /** True if this ID has all 128 hex digits. */
  public boolean isFull() {
    return hex.length() == FULL_LENGTH;
  }

  static String hexProblem(String hex, int minLength) {
    if (hex.length() < minLength || hex.length() > FULL_LENGTH) {
      return "expected " + minLength + " to " + FULL_LENGTH + " hex digits, got " + hex.length();
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (c >= 'A' && c <= 'F') {
        return "upper-case hex digit at " + (PREFIX.length() + i);
      }
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return "character '" + c + "' at " + (PREFIX.length() + i) + " is not a hex digit";
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return PREFIX + hex;
  }
}
