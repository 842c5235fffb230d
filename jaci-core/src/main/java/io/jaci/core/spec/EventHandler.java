package io.jaci.core.spec;

import java.util.List;
import java.util.Objects;

/** A command run around an app's life: {@code pre-start} (as root) or {@code post-stop}. */
public record EventHandler(String name, List<String> exec) {
  static final List<String> NAMES = List.of("pre-start", "post-stop");

  /**
   * Checks the name.
   *
   * @throws IllegalArgumentException if {@code name} is neither pre-start nor post-stop
   */
  public EventHandler {
    Objects.requireNonNull(name, "name");
    exec = List.copyOf(exec);
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException("name: " + problem);
    }
  }

  static String nameProblem(String name) {
    return NAMES.contains(name)
        ? null
        : "unknown event handler \"" + name + "\": must be pre-start or post-stop";
  }
}
