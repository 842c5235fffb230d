package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventHandlerTest {

  @ParameterizedTest
  @ValueSource(strings = {"pre-start", "post-stop"})
  void acceptsKnownNames(String name) {
    assertThat(new EventHandler(name, List.of("/bin/true")).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "pre-stop", "PRE-START"})
  void rejectsOtherNames(String name) {
    assertThatThrownBy(() -> new EventHandler(name, List.of()))
        .hasMessage("name: unknown event handler \"" + name + "\": must be pre-start or post-stop");
  }
}
