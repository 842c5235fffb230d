package io.jaci.core.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest as registries and OCI descriptors write it, {@code ALGORITHM:HEX}, e.g.
 * {@code sha256:e3b0c442...}. Only {@code sha256} (64 hex digits) and {@code sha512} (128) are
 * accepted, the two that the OCI image specification registers.
 */
public record Digest(String algorithm, String hex) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  /** Validates both parts; prefer {@link #parse(String)}. */
  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    String problem = problem(algorithm, hex);
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid digest \"" + algorithm + ":" + hex + "\": " + problem);
    }
  }

  /**
   * Parses {@code sha256:HEX} or {@code sha512:HEX}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "invalid digest \"" + text + "\": expected ALGORITHM:HEX, e.g. sha256:<64 hex digits>");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The SHA-256 digest of {@code bytes}. */
  public static Digest sha256(byte[] bytes) {
    return of("sha256", bytes);
  }

  /** The digest of {@code bytes} with the same algorithm as this one. */
  public Digest sameAlgorithmOf(byte[] bytes) {
    return of(algorithm, bytes);
  }

  private static Digest of(String algorithm, byte[] bytes) {
    MessageDigest md = newMessageDigest(algorithm);
    return new Digest(algorithm, HexFormat.of().formatHex(md.digest(bytes)));
  }

  /**
   * {@code in}, checked against this digest and {@code expectedSize} (-1: unknown) as it is
   * read: the read that reaches the end throws an {@link java.io.IOException} naming
   * {@code what} instead of returning -1 when the content does not match (see
   * {@link RegistryClient#blob(ImageReference, Digest, long)} for the contract).
   */
  public java.io.InputStream verifying(java.io.InputStream in, long expectedSize, String what) {
    return new VerifyingBlobStream(in, this, expectedSize, what);
  }

  /** A fresh {@link MessageDigest} of this digest's algorithm. */
  MessageDigest newMessageDigest() {
    return newMessageDigest(algorithm);
  }

  private static MessageDigest newMessageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  private static String problem(String algorithm, String hex) {
    int length;
    switch (algorithm) {
      case "sha256" -> length = 64;
      case "sha512" -> length = 128;
      default -> {
        return "unsupported algorithm \"" + algorithm + "\" (sha256 or sha512)";
      }
    }
    if (hex.length() != length || !HEX.matcher(hex).matches()) {
      return algorithm + " needs " + length + " lower-case hex digits";
    }
    return null;
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
