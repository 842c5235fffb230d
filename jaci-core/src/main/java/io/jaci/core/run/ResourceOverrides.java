package io.jaci.core.run;

import io.jaci.core.spec.ResourceQuantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * The {@code --memory} and {@code --cpu} options of {@code jaci run}: they replace the limit of
 * the image's {@code resource/memory} and {@code resource/cpu} isolators. Both take appc
 * resource quantities (ace.md, "Resource Isolators"): {@code --memory 256M} is 256,000,000 bytes,
 * {@code 256Mi} is 256 MiB; {@code --cpu 500m} is half a core.
 */
public record ResourceOverrides(Optional<ResourceQuantity> memory, Optional<ResourceQuantity> cpu) {
  public static final ResourceOverrides NONE = new ResourceOverrides(Optional.empty(),
      Optional.empty());

  private static final BigDecimal MIN_CORES = new BigDecimal("0.01");
  private static final BigDecimal MAX_CORES = new BigDecimal("1000000");

  public ResourceOverrides {
    memory.ifPresent(m -> ResourceOverrides.memoryBytes(m, "--memory"));
    cpu.ifPresent(c -> ResourceOverrides.cpuQuota(c, "--cpu"));
  }

  /**
   * Parses a {@code --memory} value.
   *
   * @throws IllegalArgumentException one line naming the value and an example of a good one
   */
  public static ResourceQuantity parseMemory(String text) {
    ResourceQuantity q = parse(text, "--memory", "256Mi, 1G or 536870912");
    memoryBytes(q, "--memory");
    return q;
  }

  /**
   * Parses a {@code --cpu} value in cores.
   *
   * @throws IllegalArgumentException one line naming the value and an example of a good one
   */
  public static ResourceQuantity parseCpu(String text) {
    ResourceQuantity q = parse(text, "--cpu", "500m (half a core), 1 or 2.5");
    cpuQuota(q, "--cpu");
    return q;
  }

  private static ResourceQuantity parse(String text, String option, String examples) {
    try {
      return ResourceQuantity.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage() + "; e.g. " + examples);
    }
  }

  /** Whole bytes of a memory quantity; throws naming {@code what} when it is not usable. */
  static long memoryBytes(ResourceQuantity q, String what) {
    BigDecimal bytes = q.amount();
    if (bytes.signum() <= 0) {
      throw new IllegalArgumentException(what + " " + q + ": must be more than 0 bytes");
    }
    if (bytes.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(what + " " + q + ": " + bytes.toPlainString()
          + " is not a whole number of bytes (m means milli); write e.g. 256Mi or 256M");
    }
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(what + " " + q + ": too large, at most 8Ei");
    }
    return bytes.longValueExact();
  }

  /** CFS quota in microseconds per {@link IsolatorSettings#CPU_PERIOD_MICROS}. */
  static long cpuQuota(ResourceQuantity q, String what) {
    if (q.amount().compareTo(MIN_CORES) < 0) {
      // The kernel refuses a CFS quota under 1 ms (cpu.cfs_quota_us / cpu.max).
      throw new IllegalArgumentException(what + " " + q
          + ": below the smallest CPU limit the kernel takes, 10m (1 ms per 100 ms)");
    }
    if (q.amount().compareTo(MAX_CORES) > 0) {
      throw new IllegalArgumentException(what + " " + q + ": too large, at most 1M cores");
    }
    return q.amount().multiply(BigDecimal.valueOf(IsolatorSettings.CPU_PERIOD_MICROS))
        .setScale(0, RoundingMode.CEILING).longValueExact();
  }
}
