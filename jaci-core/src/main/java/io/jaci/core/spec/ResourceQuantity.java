package io.jaci.core.spec;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes-style resource quantity as used by the {@code resource/*} isolators: a decimal
 * number with an optional suffix, binary ({@code Ki Mi Gi Ti Pi Ei}), decimal ({@code n u m k M G
 * T P E}) or an exponent ({@code e3}, {@code E-6}). Examples: {@code 500m} (half a CPU), {@code
 * 1G}, {@code 256Mi}, {@code 1.5}.
 *
 * <p>Unlike the reference, which rounds to nano units, the amount is kept exact. The text is the
 * canonical form (it is written back as given), so {@code equals} compares texts while {@link
 * #compareTo} compares amounts: {@code 1G} and {@code 1000M} compare equal but are not equal.
 */
public final class ResourceQuantity implements Comparable<ResourceQuantity> {
  private static final Pattern QUANTITY =
      Pattern.compile("^([+-]?)([0-9]*)(?:\\.([0-9]*))?([A-Za-z]*|[eE][+-]?[0-9]+)$");
  // Bounded so that the exponent fits an int and the amount stays reasonably small.
  private static final Pattern EXPONENT = Pattern.compile("[eE][+-]?[0-9]{1,3}");
  private static final Map<String, BigDecimal> SUFFIXES =
      Map.ofEntries(
          Map.entry("", BigDecimal.ONE),
          Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
          Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
          Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
          Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
          Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
          Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
          Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
          Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
          Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)),
          Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
          Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
          Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
          Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
          Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
          Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

  private final String text;
  private final BigDecimal amount;

  private ResourceQuantity(String text, BigDecimal amount) {
    this.text = text;
    this.amount = amount;
  }

  /**
   * Parses a quantity.
   *
   * @throws IllegalArgumentException naming the text, e.g. {@code invalid resource quantity "1i":
   *     unknown suffix "i" ...}
   */
  public static ResourceQuantity parse(String text) {
    Matcher m = QUANTITY.matcher(text);
    String digits = m.matches() ? m.group(2) + (m.group(3) == null ? "" : m.group(3)) : "";
    if (digits.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid resource quantity \"" + text + "\": expected a number with an optional suffix,"
              + " like 500m, 1.5, 1G or 256Mi");
    }
    String suffix = m.group(4);
    BigDecimal multiplier;
    if (EXPONENT.matcher(suffix).matches()) {
      multiplier = BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    } else {
      multiplier = SUFFIXES.get(suffix);
      if (multiplier == null) {
        throw new IllegalArgumentException(
            "invalid resource quantity \"" + text + "\": unknown suffix \"" + suffix
                + "\" (use n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent)");
      }
    }
    String number = (m.group(2).isEmpty() ? "0" : m.group(2))
        + (m.group(3) == null || m.group(3).isEmpty() ? "" : "." + m.group(3));
    BigDecimal amount = new BigDecimal(number).multiply(multiplier);
    return new ResourceQuantity(text, m.group(1).equals("-") ? amount.negate() : amount);
  }

  /** The exact amount in base units (cores, bytes, bytes per second, ...). */
  public BigDecimal amount() {
    return amount;
  }

  @Override
  public int compareTo(ResourceQuantity other) {
    return amount.compareTo(other.amount);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceQuantity other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The quantity as it was written. */
  @Override
  public String toString() {
    return text;
  }
}
