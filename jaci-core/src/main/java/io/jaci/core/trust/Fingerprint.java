package io.jaci.core.trust;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * The fingerprint of an OpenPGP key as lower-case hex ({@code b346e31de7e3...}: 40 digits
 * for v4 keys, 64 for v5/v6), the name of its file in the keystore (as rkt named them).
 */
public record Fingerprint(String hex) {
  /** Validates {@code hex}; prefer {@link #parse(String)}. */
  public Fingerprint {
    Objects.requireNonNull(hex, "hex");
    if (!(hex.length() == 40 || hex.length() == 64) || !hex.matches("[0-9a-f]+")) {
      throw new IllegalArgumentException("invalid key fingerprint \"" + cut(hex)
          + "\": 40 or 64 hex digits expected");
    }
  }

  /**
   * Parses a fingerprint as people copy it from gpg: upper or lower case, with spaces, with
   * or without {@code 0x}.
   */
  public static Fingerprint parse(String text) {
    String s = text.replace(" ", "").toLowerCase(Locale.ROOT);
    return new Fingerprint(s.startsWith("0x") ? s.substring(2) : s);
  }

  /** The fingerprint of {@code key} (a primary key or a subkey). */
  public static Fingerprint of(PGPPublicKey key) {
    return new Fingerprint(HexFormat.of().formatHex(key.getFingerprint()));
  }

  /** Whether {@code name} (a file name) is a fingerprint. */
  static boolean isFingerprint(String name) {
    return (name.length() == 40 || name.length() == 64) && name.matches("[0-9a-f]+");
  }

  /** As gpg shows it: upper case in groups of four ({@code B346 E31D ...}). */
  public String pretty() {
    StringBuilder b = new StringBuilder();
    String upper = hex.toUpperCase(Locale.ROOT);
    for (int i = 0; i < upper.length(); i += 4) {
      if (i > 0) {
        b.append(i == upper.length() / 2 ? "  " : " ");
      }
      b.append(upper, i, i + 4);
    }
    return b.toString();
  }

  /** The 64-bit key ID of a v4 fingerprint (its last 16 digits), upper case. */
  public String keyId() {
    return hex.substring(hex.length() - 16).toUpperCase(Locale.ROOT);
  }

  private static String cut(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  @Override
  public String toString() {
    return hex;
  }
}
