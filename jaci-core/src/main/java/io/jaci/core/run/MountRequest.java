package io.jaci.core.run;

import io.jaci.core.spec.AcName;
import java.util.Objects;

/** A {@code --mount volume=NAME,target=PATH}: mount a pod volume at a path of an app. */
public record MountRequest(AcName volume, String target) {
  public MountRequest {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(target, "target");
  }

  /**
   * Parses a {@code --mount} value.
   *
   * @throws IllegalArgumentException one line naming the option value and what is wrong
   */
  public static MountRequest parse(String text) {
    throw new UnsupportedOperationException("h11-config: not yet");
  }
}
