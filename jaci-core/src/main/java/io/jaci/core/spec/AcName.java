package io.jaci.core.spec;

import java.util.Locale;
import java.util.Objects;

/**
 * An AC Name: the name of a port or a mount point, such as {@code www-data}. Lower-case
 * alphanumeric words joined by single dashes (regex {@code ^[a-z0-9]+(-[a-z0-9]+)*$}).
 */
public record AcName(String value) implements Comparable<AcName> {

  /** Validates {@code value}; prefer {@link #parse(String)}. */
  public AcName {
    Objects.requireNonNull(value, "value");
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Parses an AC name.
   *
   * @throws IllegalArgumentException naming the value and the rule it breaks, e.g. {@code
   *     invalid AC name "a.b": character '.' at 1 is not allowed (only a-z, 0-9 and '-')}
   */
  public static AcName parse(String value) {
    return new AcName(value);
  }

  /**
   * Turns arbitrary text into an AC name the way the reference {@code SanitizeACName} does:
   * lower-case it, replace every other character by {@code -} and strip dashes from both ends
   * ({@code "example.com/app_1"} becomes {@code "example-com-app-1"}).
   *
   * @throws IllegalArgumentException if nothing valid remains
   */
  public static AcName sanitize(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    s = s.replaceAll("^-+|-+$", "");
    // Collapse runs of dashes too, since the AC name rule forbids them.
    s = s.replaceAll("-{2,}", "-");
    if (s.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot make an AC name of \"" + text + "\": it has no letter or digit");
    }
    return new AcName(s);
  }

  static String problem(String s) {
    String why = NameRules.problem(s, "-");
    return why == null ? null : "invalid AC name \"" + s + "\": " + why;
  }

  @Override
  public int compareTo(AcName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
