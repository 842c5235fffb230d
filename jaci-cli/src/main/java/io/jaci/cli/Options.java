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
}
