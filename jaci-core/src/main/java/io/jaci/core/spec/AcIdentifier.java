package io.jaci.core.spec;

import java.util.Objects;

/**
 * An AC Identifier: the name of an image, a label or an annotation, such as
 * {@code example.com/reduce-worker}. Lower-case alphanumeric words joined by single
 * separators from {@code -._~/} (regex {@code ^[a-z0-9]+([-._~/][a-z0-9]+)*$}).
 *
 * <p>Stricter than the reference Go code, which accepts repeated separators like {@code a..b}.
 */
public record AcIdentifier(String value) implements Comparable<AcIdentifier> {
  private static final String SEPARATORS = "-._~/";

  /** Validates {@code value}; prefer {@link #parse(String)}. */
  public AcIdentifier {
    Objects.requireNonNull(value, "value");
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Parses an AC identifier.
   *
   * @throws IllegalArgumentException naming the value and the first rule it breaks, e.g.
   *     {@code invalid AC identifier "A": upper-case letter at 0}
   */
  public static AcIdentifier parse(String value) {
    return new AcIdentifier(value);
  }

  /**
   * Turns arbitrary text into an AC identifier the way the reference {@code
   * SanitizeACIdentifier} does: lower-case it, replace every other character by {@code _}, and
   * strip separators from both ends ({@code "-/.App#"} becomes {@code "app"}).
   *
   * @throws IllegalArgumentException if nothing valid remains
   */
  public static AcIdentifier sanitize(String text) {
    String s = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._~/-]", "_");
    s = s.replaceAll("^[-._~/]+|[-._~/]+$", "");
    // Collapse runs of separators too, since jaci's identifier rule forbids them.
    s = s.replaceAll("([-._~/])[-._~/]+", "$1");
    if (s.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot make an AC identifier of \"" + text + "\": it has no letter or digit");
    }
    return new AcIdentifier(s);
  }

  /** Returns null if {@code s} is a valid identifier, else the message explaining why not. */
  static String problem(String s) {
    String why = NameRules.problem(s, SEPARATORS);
    return why == null ? null : "invalid AC identifier \"" + s + "\": " + why;
  }

  @Override
  public int compareTo(AcIdentifier other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
