package io.jaci.core.spec;

import java.util.Objects;

/** One image label, such as {@code os=linux} or {@code version=1.0.0}. */
public record Label(AcIdentifier name, String value) {
  /** Requires both parts; the rules across labels are checked by {@link Labels}. */
  public Label {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /**
   * A label from strings.
   *
   * @throws IllegalArgumentException if {@code name} is not an AC identifier
   */
  public static Label of(String name, String value) {
    return new Label(AcIdentifier.parse(name), value);
  }
}
