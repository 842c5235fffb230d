package io.jaci.core.spec;

import java.util.List;
import java.util.Map;

/** The {@code os} and {@code arch} label values appc allows, and the check between them. */
final class OsArch {
  static final Map<String, List<String>> VALID =
      Map.of(
          "linux",
          List.of("amd64", "i386", "aarch64", "aarch64_be", "armv6l", "armv7l", "armv7b", "ppc64",
              "ppc64le", "s390x"),
          "freebsd",
          List.of("amd64", "i386", "arm"),
          "darwin",
          List.of("x86_64", "i386"));

  // Names people type from Go or Docker habits, with the appc name they mean.
  private static final Map<String, String> HINTS =
      Map.of("arm64", "aarch64", "386", "i386", "x86_64", "amd64", "amd64", "x86_64");

  private OsArch() {}

  static String osProblem(String os) {
    if (VALID.containsKey(os)) {
      return null;
    }
    return "unknown os \"" + os + "\": must be one of darwin, freebsd, linux";
  }

  static String archProblem(String os, String arch) {
    List<String> archs = VALID.get(os);
    if (archs == null || archs.contains(arch)) {
      return null;
    }
    String hint = HINTS.get(arch);
    String didYouMean =
        hint != null && archs.contains(hint) ? " (did you mean \"" + hint + "\"?)" : "";
    return "arch \"" + arch + "\" is not valid for os \"" + os + "\"" + didYouMean
        + ": must be one of " + String.join(", ", archs);
  }
}
