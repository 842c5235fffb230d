package io.jaci.core.discovery;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The checks {@code --insecure-options} turns off, as rkt named them. */
public enum InsecureOptions {
  /** Take an image whose signature is missing or not trusted. */
  IMAGE,
  /** Use plain HTTP (discovery, downloads, keys). */
  HTTP,
  /** Accept any TLS certificate. */
  TLS,
  /** Take discovered keys over HTTP. */
  PUBKEY;

  /**
   * Parses {@code image,http,...} (also {@code all} and {@code none}).
   *
   * @throws IllegalArgumentException naming an unknown option and the known ones
   */
  public static Set<InsecureOptions> parse(String text) {
    EnumSet<InsecureOptions> set = EnumSet.noneOf(InsecureOptions.class);
    for (String part : text.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty() || p.equals("none")) {
        continue;
      }
      if (p.equals("all")) {
        return EnumSet.allOf(InsecureOptions.class);
      }
      try {
        set.add(valueOf(p.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown insecure option \"" + part
            + "\": the options are image, http, tls, pubkey, all, none");
      }
    }
    return set;
  }
}
