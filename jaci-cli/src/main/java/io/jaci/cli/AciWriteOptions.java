package io.jaci.cli;

import io.jaci.core.io.Compression;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of the commands that write an ACI: compression, level, overwrite, mtimes. */
final class AciWriteOptions {
  @Option(names = "--compression", paramLabel = "gzip|bzip2|xz|none", defaultValue = "gzip",
      description = "Compression of the ACI (default: ${DEFAULT-VALUE}).")
  String compression;

  @Option(names = "--level", paramLabel = "1-9",
      description = "Compression level, 1 fastest to 9 smallest (default: gzip 3, bzip2 9, xz 6).")
  Integer level;

  @Option(names = "--overwrite", description = "Replace OUT.aci if it exists.")
  boolean overwrite;

  @Option(names = "--source-date-epoch", paramLabel = "N",
      description = "Clamp every mtime to N seconds since the epoch (default: $SOURCE_DATE_EPOCH).")
  Long sourceDateEpoch;

  Compression compression(CommandLine.Model.CommandSpec spec) {
    return Options.aciCompression(spec, compression);
  }

  /** The level given, checked, or {@link Compression#DEFAULT_LEVEL}. */
  int level(CommandLine.Model.CommandSpec spec) {
    if (level == null) {
      return Compression.DEFAULT_LEVEL;
    }
    if (level < 1 || level > 9) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--level " + level + " is outside 1..9");
    }
    return level;
  }

  /** --source-date-epoch, else $SOURCE_DATE_EPOCH, else null. */
  Long sourceDateEpoch(CommandLine.Model.CommandSpec spec) {
    return sourceDateEpoch != null ? sourceDateEpoch : Options.sourceDateEpochFromEnv(spec);
  }
}
