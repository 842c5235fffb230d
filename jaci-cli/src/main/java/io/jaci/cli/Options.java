package io.jaci.cli;

import io.jaci.core.io.Compression;
import picocli.CommandLine;

/** Parsing of option values shared by several commands. */
final class Options {
  private Options() {}

  static Compression aciCompression(CommandLine.Model.CommandSpec spec, String name) {
    Compression c;
    try {
      c = Compression.parse(name);
    } catch (IllegalArgumentException e) {
      c = null;
    }
    if (c == null || c == Compression.ZSTD) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--compression " + name
          + ": an ACI is gzip, bzip2, xz or none (uncompressed)");
    }
    return c;
  }

  static Long sourceDateEpochFromEnv(CommandLine.Model.CommandSpec spec) {
    String env = System.getenv("SOURCE_DATE_EPOCH");
    if (env == null || env.isBlank()) {
      return null;
    }
    try {
      long v = Long.parseLong(env.trim());
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "SOURCE_DATE_EPOCH=\"" + env + "\" is not a non-negative number of seconds");
    }
  }

  /** Parses a duration such as {@code 90s}, {@code 30m}, {@code 24h} or {@code 7d}. */
  static java.time.Duration duration(CommandLine.Model.CommandSpec spec, String option,
      String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})(s|m|h|d)")
        .matcher(text);
    if (!m.matches()) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " " + text
          + ": expected a number and a unit, like 90s, 30m, 24h or 7d");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "s":
        return java.time.Duration.ofSeconds(n);
      case "m":
        return java.time.Duration.ofMinutes(n);
      case "h":
        return java.time.Duration.ofHours(n);
      default:
        return java.time.Duration.ofDays(n);
    }
  }
}
