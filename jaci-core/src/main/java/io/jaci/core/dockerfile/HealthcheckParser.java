package io.jaci.core.dockerfile;

import io.jaci.core.dockerfile.Flags.Kind;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [--interval=D ...] CMD command}. */
final class HealthcheckParser {
  private static final Pattern GO_DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private HealthcheckParser() {}

  static Instruction.Healthcheck parse(Node n, Flags flags, char escape)
      throws DockerfileException {
    String rest = n.rest();
    int sp = 0;
    while (sp < rest.length() && !Character.isWhitespace(rest.charAt(sp))) {
      sp++;
    }
    String type = rest.substring(0, sp).toUpperCase(Locale.ROOT);
    String cmd = rest.substring(sp).strip();
    if (type.isEmpty()) {
      throw new DockerfileException(0, "HEALTHCHECK requires at least one argument");
    }
    if (type.equals("NONE")) {
      if (!cmd.isEmpty()) {
        throw new DockerfileException(0, "HEALTHCHECK NONE takes no arguments");
      }
      new Flags("HEALTHCHECK NONE").parse(n.flags());
      return new Instruction.Healthcheck(n.line(), n.original(), null, null, null, null, null,
          0);
    }
    flags.allow(Kind.STRING, "interval", "timeout", "start-period", "start-interval", "retries")
        .parse(n.flags());
    if (!type.equals("CMD")) {
      throw new DockerfileException(0, "unknown type \"" + io.jaci.core.ShortText.cut(type, 40)
          + "\" in HEALTHCHECK (try CMD)");
    }
    if (cmd.isEmpty()) {
      throw new DockerfileException(0, "missing command after HEALTHCHECK CMD");
    }
    int retries = 0;
    String r = flags.string("retries");
    if (r != null) {
      try {
        retries = Integer.parseInt(r);
      } catch (NumberFormatException e) {
        throw new DockerfileException(0, "--retries=" + io.jaci.core.ShortText.cut(r, 40)
            + " is not a number");
      }
      if (retries < 0) {
        throw new DockerfileException(0, "--retries cannot be negative (" + retries + ")");
      }
    }
    return new Instruction.Healthcheck(n.line(), n.original(),
        InstructionParser.command("HEALTHCHECK CMD", cmd), interval(flags, "interval"),
        interval(flags, "timeout"), interval(flags, "start-period"),
        interval(flags, "start-interval"), retries);
  }

  /** A flag's Go duration ({@code 30s}, {@code 1m30s}, {@code 0}); at least 1ms if not 0. */
  private static Duration interval(Flags flags, String name) throws DockerfileException {
    String v = flags.string(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    Duration d = goDuration(v);
    if (d == null) {
      throw new DockerfileException(0, "--" + name + "=" + io.jaci.core.ShortText.cut(v, 40)
          + " is not a duration (like 30s, 1m30s, 500ms)");
    }
    if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
      throw new DockerfileException(0, "--" + name + " cannot be less than 1ms");
    }
    return d;
  }

  /** A Go {@code time.ParseDuration} text without sign, or null if it is none. */
  static Duration goDuration(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (text.length() > 100) {
      return null;
    }
    Matcher m = GO_DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int pos = 0;
    while (pos < text.length()) {
      if (!m.find(pos) || m.start() != pos) {
        return null;
      }
      long nanosPerUnit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      java.math.BigDecimal nanos = new java.math.BigDecimal(m.group(1).startsWith(".")
          ? "0" + m.group(1) : m.group(1)).multiply(java.math.BigDecimal.valueOf(nanosPerUnit));
      total = total.plusNanos(nanos.longValue());
      pos = m.end();
    }
    return pos == 0 ? null : total;
  }
}
