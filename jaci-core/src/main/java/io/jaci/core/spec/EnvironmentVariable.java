package io.jaci.core.spec;

import java.util.Objects;
import java.util.regex.Pattern;

/** An environment variable of an app; the name matches {@code ^[A-Za-z_][A-Za-z_0-9.-]*$}. */
public record EnvironmentVariable(String name, String value) {
  private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z_0-9.-]*$");

  /**
   * Checks the name.
   *
   * @throws IllegalArgumentException naming the bad name
   */
  public EnvironmentVariable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException("name: " + problem);
    }
  }

  static String nameProblem(String name) {
    if (NAME.matcher(name).matches()) {
      return null;
    }
    return "invalid environment variable name \"" + name
        + "\": must start with a letter or '_' and contain only letters, digits and _.-";
  }
}
