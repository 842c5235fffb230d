package io.jaci.core.spec;

import java.util.Locale;

/**
 * The {@code os} and {@code arch} labels of the machine jaci runs on, in appc's spelling
 * (the JVM's {@code os.arch} says {@code amd64} or {@code x86_64}, {@code aarch64},
 * {@code x86}, ...; appc says {@code amd64} for Linux but {@code x86_64} for Darwin), as
 * {@link PlatformTable} maps them.
 */
public final class HostPlatform {
  private HostPlatform() {}

  /** {@code linux}, {@code freebsd} or {@code darwin}. */
  public static String os() {
    return os(System.getProperty("os.name"));
  }

  /** This machine's architecture as appc names it for {@link #os()}. */
  public static String arch() {
    return arch(os(), System.getProperty("os.arch"));
  }

  static String os(String javaOsName) {
    String n = javaOsName.toLowerCase(Locale.ROOT);
    if (n.startsWith("linux")) {
      return "linux";
    }
    if (n.startsWith("freebsd")) {
      return "freebsd";
    }
    if (n.startsWith("mac") || n.startsWith("darwin")) {
      return "darwin";
    }
    throw new IllegalStateException("unsupported operating system \"" + javaOsName
        + "\": appc knows linux, freebsd and darwin (give the os label yourself)");
  }

  static String arch(String os, String javaArch) {
    String appc = PlatformTable.byJvmArch(os, javaArch).map(PlatformTable.Entry::appcArch)
        .orElse(null);
    if (appc == null || !OsArch.VALID.get(os).contains(appc)) {
      throw new IllegalStateException("architecture \"" + javaArch + "\" has no appc name for "
          + os + " (give the arch label yourself)");
    }
    return appc;
  }
}
