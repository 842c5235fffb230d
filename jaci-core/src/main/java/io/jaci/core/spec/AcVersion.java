package io.jaci.core.spec;

import java.util.Objects;

/**
 * The {@code acVersion} of a manifest: the appc spec version it was written for, a semantic
 * version other than 0.0.0.
 */
public record AcVersion(SemVer semVer) implements Comparable<AcVersion> {
  /** The spec version jaci implements and writes by default: 0.8.11. */
  public static final AcVersion CURRENT = parse("0.8.11");

  /** Rejects 0.0.0. */
  public AcVersion {
    Objects.requireNonNull(semVer, "semVer");
    if (semVer.isZero()) {
      throw new IllegalArgumentException("invalid acVersion \"0.0.0\": must not be zero");
    }
  }

  /**
   * Parses an acVersion.
   *
   * @throws IllegalArgumentException if {@code text} is not a semantic version or is 0.0.0
   */
  public static AcVersion parse(String text) {
    return new AcVersion(SemVer.parse(text));
  }

  @Override
  public int compareTo(AcVersion other) {
    return semVer.compareTo(other.semVer);
  }

  @Override
  public String toString() {
    return semVer.toString();
  }
}
