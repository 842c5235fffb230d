package io.jaci.core.trust;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where trusted keys live: a user level ({@code $XDG_CONFIG_HOME/jaci/trustedkeys}) over a
 * system level ({@code /etc/jaci/trustedkeys}). Each holds {@code root.d/FINGERPRINT} and
 * {@code prefix.d/NAME/PATH/FINGERPRINT}, the layout rkt used.
 */
public record KeystoreDirs(Path user, Path system) {
  public static final Path SYSTEM = Path.of("/etc/jaci/trustedkeys");

  public KeystoreDirs {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(system, "system");
  }

  /** The user's ({@code $XDG_CONFIG_HOME}, else {@code ~/.config}) and the system's. */
  public static KeystoreDirs defaults() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path config = xdg != null && xdg.startsWith("/") ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".config");
    return new KeystoreDirs(config.resolve("jaci").resolve("trustedkeys"), SYSTEM);
  }

  /** The directory of a level. */
  public Path of(Level level) {
    return level == Level.USER ? user : system;
  }

  /** The two levels of the keystore; the user's keys are read first and win. */
  public enum Level {
    USER, SYSTEM;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
