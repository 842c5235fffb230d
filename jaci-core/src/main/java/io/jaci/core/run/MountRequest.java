package io.jaci.core.run;

import io.jaci.core.spec.AcName;
import java.util.Objects;
import java.util.Set;

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
    OptionText option = OptionText.parse("--mount", text, false, Set.of("volume", "target"));
    String volume = option.required("volume", "the name of a --volume");
    AcName name;
    try {
      name = AcName.parse(volume);
    } catch (IllegalArgumentException e) {
      throw option.bad(e.getMessage());
    }
    String target = option.required("target", "an absolute path in the app, e.g. /srv");
    try {
      return new MountRequest(name, MountTargets.clean(target));
    } catch (IllegalArgumentException e) {
      throw option.bad(e.getMessage());
    }
  }
}
