package io.jaci.core.spec;

import java.util.Objects;

/** One image annotation, such as {@code created=2016-01-02T03:04:05Z}. */
public record Annotation(AcIdentifier name, String value) {
  /** Requires both parts; the rules on well-known names are checked by {@link Annotations}. */
  public Annotation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /**
   * An annotation from strings.
   *
   * @throws IllegalArgumentException if {@code name} is not an AC identifier
   */
  public static Annotation of(String name, String value) {
    return new Annotation(AcIdentifier.parse(name), value);
  }
}
