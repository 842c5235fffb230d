package io.jaci.core.spec;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version such as {@code 1.2.3-alpha.1+git.abc}.
 *
 * <p>{@link #compareTo} follows semver precedence: numeric parts first, a pre-release sorts before
 * its release, pre-release identifiers compare numerically when both are numeric, else in ASCII
 * order, numeric before alphanumeric, and a shorter list of equal identifiers first. Build
 * metadata does not affect precedence, so {@code compareTo} is 0 for {@code 1.0.0+a} and {@code
 * 1.0.0+b} although they are not {@code equals}.
 */
public record SemVer(long major, long minor, long patch, List<String> preRelease, List<String> build)
    implements Comparable<SemVer> {

  private static final String NUMBER = "(0|[1-9][0-9]*)";
  private static final String PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
  private static final Pattern SEMVER =
      Pattern.compile(
          "^" + NUMBER + "\\." + NUMBER + "\\." + NUMBER
              + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?"
              + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$");
  private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

  private static final Comparator<SemVer> PRECEDENCE =
      Comparator.comparingLong(SemVer::major)
          .thenComparingLong(SemVer::minor)
          .thenComparingLong(SemVer::patch)
          .thenComparing(SemVer::preRelease, SemVer::comparePreRelease);

  /** Copies the lists; validation happens in {@link #parse(String)}. */
  public SemVer {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException(
          "invalid semantic version: negative part in " + major + "." + minor + "." + patch);
    }
    preRelease = List.copyOf(preRelease);
    build = List.copyOf(build);
  }

  /** A release version {@code major.minor.patch}. */
  public static SemVer of(long major, long minor, long patch) {
    return new SemVer(major, minor, patch, List.of(), List.of());
  }

  /**
   * Parses a semantic version.
   *
   * @throws IllegalArgumentException naming the text, e.g. {@code invalid semantic version "v1.2.3":
   *     expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}
   */
  public static SemVer parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "invalid semantic version \"" + text
                        + "\": expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] without leading zeros"));
  }

  /** Parses a semantic version, or returns empty if {@code text} is not one (free-text labels). */
  public static Optional<SemVer> tryParse(String text) {
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new SemVer(
              Long.parseLong(m.group(1)),
              Long.parseLong(m.group(2)),
              Long.parseLong(m.group(3)),
              m.group(4) == null ? List.of() : List.of(m.group(4).split("\\.")),
              m.group(5) == null ? List.of() : List.of(m.group(5).split("\\."))));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  /** True for 0.0.0 without pre-release or build, the value appc forbids as acVersion. */
  public boolean isZero() {
    return major == 0 && minor == 0 && patch == 0 && preRelease.isEmpty() && build.isEmpty();
  }

  @Override
  public int compareTo(SemVer other) {
    return PRECEDENCE.compare(this, other);
  }

  private static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      // A release (no pre-release) has higher precedence than any pre-release.
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareIdentifier(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareIdentifier(String a, String b) {
    boolean an = NUMERIC.matcher(a).matches();
    boolean bn = NUMERIC.matcher(b).matches();
    if (an && bn) {
      return a.length() != b.length()
          ? Integer.compare(a.length(), b.length())
          : a.compareTo(b);
    }
    if (an != bn) {
      return an ? -1 : 1;
    }
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(major).append('.').append(minor).append('.')
        .append(patch);
    if (!preRelease.isEmpty()) {
      s.append('-').append(String.join(".", preRelease));
    }
    if (!build.isEmpty()) {
      s.append('+').append(String.join(".", build));
    }
    return s.toString();
  }
}
