package io.jaci.core.run;

import java.util.Objects;

/**
 * A resource limit as the OCI runtime config names it: {@code RLIMIT_NOFILE} with a soft and a
 * hard value; {@link #UNLIMITED} stands for {@code RLIM_INFINITY}.
 */
public record Rlimit(String type, long soft, long hard) {
  /** {@code RLIM_INFINITY}, written as the largest unsigned 64-bit value in OCI configs. */
  public static final long UNLIMITED = -1L;

  public Rlimit {
    Objects.requireNonNull(type, "type");
    if (!type.startsWith("RLIMIT_")) {
      throw new IllegalArgumentException("invalid rlimit type \"" + type
          + "\": must be an OCI name like RLIMIT_NOFILE");
    }
    if (Long.compareUnsigned(soft, hard) > 0) {
      throw new IllegalArgumentException(
          type + ": soft limit " + Long.toUnsignedString(soft) + " is above the hard limit "
              + Long.toUnsignedString(hard));
    }
  }
}
