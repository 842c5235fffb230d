package io.jaci.core.dockerfile;

import java.util.List;

/**
 * One build stage: its {@code FROM} and the instructions up to the next {@code FROM}.
 *
 * @param index 0 for the first stage
 * @param from the stage's {@code FROM} (its image and name unexpanded)
 * @param instructions the instructions after the {@code FROM}
 */
public record Stage(int index, Instruction.From from, List<Instruction> instructions) {
  public Stage {
    instructions = List.copyOf(instructions);
  }

  /** The name after {@code AS} (lower case), or null. */
  public String name() {
    return from.stageName();
  }
}
