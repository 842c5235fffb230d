package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciBuildResult;
import io.jaci.core.aci.AciBuilder;
import io.jaci.core.diff.BegunDirectory;
import io.jaci.core.diff.Owner;
import io.jaci.core.io.Compression;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", mixinStandardHelpOptions = true,
    description = {"Build an ACI from an image layout (a directory holding manifest and rootfs/).",
        "A directory made by 'jaci begin' builds into a diff image: only what changed over the "
            + "base, with a pathWhitelist when something was deleted (or --squash for all).",
        "Prints the image ID (sha512- and 128 hex digits). The same tree gives the same bytes."})
final class BuildCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The image layout.")
  Path layout;

  @Parameters(index = "1", paramLabel = "OUT.aci", description = "The ACI to write.")
  Path output;

  @Option(names = "--compression", paramLabel = "gzip|bzip2|xz|none", defaultValue = "gzip",
      description = "Compression of the ACI (default: ${DEFAULT-VALUE}).")
  String compression;

  @Option(names = "--level", paramLabel = "1-9",
      description = "Compression level, 1 fastest to 9 smallest (default: gzip 3, bzip2 9, xz 6).")
  Integer level;

  @Option(names = "--overwrite", description = "Replace OUT.aci if it exists.")
  boolean overwrite;

  @Option(names = "--owner-root", description = "Record every file as owned by 0:0.")
  boolean ownerRoot;

  @Option(names = "--source-date-epoch", paramLabel = "N",
      description = "Clamp every mtime to N seconds since the epoch (default: $SOURCE_DATE_EPOCH).")
  Long sourceDateEpoch;

  @Option(names = "--squash",
      description = "For a begun directory: write the whole tree, without dependencies.")
  boolean squash;

  @Option(names = "--owner", paramLabel = "UID:GID",
      description = "For a begun directory: owner of added files (default: 0:0 without root, "
          + "else their owner on disk).")
  String owner;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, main);
    Compression c = Options.aciCompression(spec, compression);
    Long epoch = sourceDateEpoch != null ? sourceDateEpoch : Options.sourceDateEpochFromEnv(spec);
    boolean begun = BegunDirectory.isBegun(layout);
    if (!begun && (squash || owner != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), (squash ? "--squash" : "--owner")
          + " is for a directory made by 'jaci begin' (with DIR/.jaci/record.jsonl)");
    }
    AciBuilder builder = begun ? begun(console) : AciBuilder.fromLayout(layout);
    if (level != null) {
      if (level < 1 || level > 9) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--level " + level + " is outside 1..9");
      }
      builder.compressionLevel(level);
    }
    AciBuildResult result = builder
        .compression(c)
        .overwrite(overwrite)
        .ownerRoot(ownerRoot)
        .sourceDateEpoch(epoch)
        .progress(console.progress())
        .build(output);
    result.warnings().forEach(console::warn);
    console.out().println(result.imageId());
    return 0;
  }

  private AciBuilder begun(Console console) throws JaciException {
    Owner newOwner = null;
    if (owner != null) {
      try {
        newOwner = Owner.parse(owner);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--owner: " + e.getMessage());
      }
    }
    BegunDirectory dir = BegunDirectory.open(layout);
    BegunDirectory.Content content = squash ? dir.squash(newOwner) : dir.diff(newOwner);
    content.warnings().forEach(console::warn);
    console.remark((squash ? "squashed" : "over " + dir.base()) + ": " + content.added()
        + " added, " + content.changed() + " changed, " + content.deleted() + " deleted");
    return AciBuilder.fromContent(content.manifest(), content.rootfs());
  }
}
