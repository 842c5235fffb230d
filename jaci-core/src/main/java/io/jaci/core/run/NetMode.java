package io.jaci.core.run;

import java.util.Locale;

/** A pod's network: the host's, its own with only loopback, or its own with outbound access. */
public enum NetMode {
  HOST, NONE, PRIVATE;

  /** {@code host}, {@code none} or {@code private}; anything else is refused by name. */
  public static NetMode parse(String text) {
    for (NetMode m : values()) {
      if (m.name().toLowerCase(Locale.ROOT).equals(text)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown --net \"" + text
        + "\": use host, none or private");
  }

  /** Whether the pod gets a network namespace of its own. */
  boolean ownNamespace() {
    return this != HOST;
  }
}
