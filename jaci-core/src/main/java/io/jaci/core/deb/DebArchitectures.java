package io.jaci.core.deb;

import io.jaci.core.spec.PlatformTable;
import java.util.Optional;

/**
 * Debian architecture names and the appc {@code arch} label values they correspond to, as
 * {@link PlatformTable} has them.
 */
public final class DebArchitectures {
  private DebArchitectures() {}

  /** The appc arch label for a Debian architecture, if appc has one. */
  public static Optional<String> appcArch(String debianArch) {
    return PlatformTable.byDebianArch(debianArch).map(PlatformTable.Entry::appcArch);
  }

  /** The Debian architectures appc has a label for, for messages. */
  static String known() {
    return String.join(", ", PlatformTable.entries().stream()
        .map(PlatformTable.Entry::debianArch).filter(a -> a != null).toList());
  }

  /** The Debian architecture of this machine, from the JVM's {@code os.arch}. */
  public static String host() {
    String a = System.getProperty("os.arch");
    return PlatformTable.byJvmArch("linux", a).map(PlatformTable.Entry::debianArch)
        .orElse(a);
  }
}
