package io.jaci.core.run;

import java.util.ArrayList;
import java.util.List;

/** Mount target paths inside an app: cleaning them, and telling when two overlap. */
final class MountTargets {
  private MountTargets() {}

  /**
   * {@code target} as a clean absolute path: no empty or {@code .} components, no trailing
   * slash.
   *
   * @throws IllegalArgumentException for a relative path, a {@code ..} component, or {@code /}
   */
  static String clean(String target) {
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException(
          "target \"" + target + "\" must be an absolute path in the app, e.g. /srv");
    }
    List<String> parts = new ArrayList<>();
    for (String part : target.split("/")) {
      if (part.equals("..")) {
        throw new IllegalArgumentException(
            "target \"" + target + "\" must not contain \"..\"; write the path it means");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(
          "target \"" + target + "\" is the app's root; mount a volume below it, e.g. /srv");
    }
    return "/" + String.join("/", parts);
  }

  /** Whether one clean target is the other or lies inside it (ace.md: nested is overlapping). */
  static boolean overlap(String a, String b) {
    return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
  }
}
