package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors from the reference {@code types/environment_test.go}. */
class EnvironmentVariableTest {

  @ParameterizedTest
  @ValueSource(strings = {"DEBUG", "_0_DEBUG_0_", "DEBUG.0", "DEBUG-0", "lower_case"})
  void acceptsValidNames(String name) {
    assertThat(new EnvironmentVariable(name, "true").name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0DEBUG", "VERBOSE|DEBUG", "A B", ".A"})
  void rejectsInvalidNames(String name) {
    assertThatThrownBy(() -> new EnvironmentVariable(name, "true"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name: invalid environment variable name \"" + name
            + "\": must start with a letter or '_' and contain only letters, digits and _.-");
  }
}
