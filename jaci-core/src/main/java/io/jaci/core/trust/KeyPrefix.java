package io.jaci.core.trust;

import io.jaci.core.spec.AcIdentifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a trusted key may sign: every image ({@link #root()}), or the images whose name is a
 * prefix name or lies below it in whole path segments. A key for {@code example.com/app}
 * signs {@code example.com/app} and {@code example.com/app/x}, never {@code
 * example.com/apple} (appc/spec#592 was a string-prefix match).
 */
public final class KeyPrefix {
  private static final KeyPrefix ROOT = new KeyPrefix(null);

  private final AcIdentifier name;

  private KeyPrefix(AcIdentifier name) {
    this.name = name;
  }

  /** The prefix of keys trusted for every image. */
  public static KeyPrefix root() {
    return ROOT;
  }

  /**
   * A name prefix; it must be an AC identifier (so it has no {@code ..}, no empty segment, no
   * leading or trailing {@code /}, nothing a path could escape with).
   *
   * @throws IllegalArgumentException naming the prefix and the rule it breaks
   */
  public static KeyPrefix of(String prefix) {
    try {
      return new KeyPrefix(AcIdentifier.parse(prefix));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid key prefix: " + e.getMessage()
          + " (a prefix is an image name or its first path segments, like example.com/app)");
    }
  }

  public boolean isRoot() {
    return name == null;
  }

  /** The prefix name; empty for root. */
  public Optional<AcIdentifier> name() {
    return Optional.ofNullable(name);
  }

  /** Whether a key with this prefix may sign the image {@code image}. */
  public boolean covers(AcIdentifier image) {
    if (name == null) {
      return true;
    }
    String p = name.value();
    String n = image.value();
    return n.equals(p) || (n.startsWith(p) && n.charAt(p.length()) == '/');
  }

  /**
   * The prefixes that cover {@code image}, longest first: {@code example.com/app/x}, {@code
   * example.com/app}, {@code example.com} (root not included).
   */
  public static List<KeyPrefix> covering(AcIdentifier image) {
    List<KeyPrefix> prefixes = new ArrayList<>();
    String n = image.value();
    for (int end = n.length(); end > 0; end = n.lastIndexOf('/', end - 1)) {
      prefixes.add(new KeyPrefix(new AcIdentifier(n.substring(0, end))));
    }
    return prefixes;
  }

  /** The keystore directory of this prefix in {@code trustedkeys}. */
  Path directory(Path trustedkeys) {
    if (name == null) {
      return trustedkeys.resolve("root.d");
    }
    Path dir = trustedkeys.resolve("prefix.d");
    for (String segment : name.value().split("/")) {
      dir = dir.resolve(segment);
    }
    return dir;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPrefix k && java.util.Objects.equals(name, k.name);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(name);
  }

  /** {@code root}, or the prefix name. */
  @Override
  public String toString() {
    return name == null ? "root" : name.value();
  }
}
