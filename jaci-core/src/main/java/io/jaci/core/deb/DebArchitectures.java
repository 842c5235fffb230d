package io.jaci.core.deb;

import java.util.Map;
import java.util.Optional;

/** Debian architecture names and the appc {@code arch} label values they correspond to. */
public final class DebArchitectures {
  private static final Map<String, String> APPC = Map.of(
      "amd64", "amd64",
      "arm64", "aarch64",
      "i386", "i386",
      "armhf", "armv7l",
      "armel", "armv6l",
      "ppc64el", "ppc64le",
      "ppc64", "ppc64",
      "s390x", "s390x");

  private DebArchitectures() {}

  /** The appc arch label for a Debian architecture, if appc has one. */
  public static Optional<String> appcArch(String debianArch) {
    return Optional.ofNullable(APPC.get(debianArch));
  }

  /** The Debian architecture of this machine, from the JVM's {@code os.arch}. */
  public static String host() {
    String a = System.getProperty("os.arch");
    switch (a) {
      case "amd64":
      case "x86_64":
        return "amd64";
      case "aarch64":
        return "arm64";
      case "x86":
      case "i386":
        return "i386";
      case "arm":
        return "armhf";
      case "ppc64le":
        return "ppc64el";
      default:
        return a;
    }
  }
}
