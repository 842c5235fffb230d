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

  @CommandLine.Mixin
  AciWriteOptions write;

  @Option(names = "--owner-root", description = "Record every file as owned by 0:0.")
  boolean ownerRoot;

  @Option(names = "--squash",
      description = "For a begun directory: write the whole tree, without dependencies.")
  boolean squash;

  @Option(names = "--owner", paramLabel = "UID:GID",
      description = "For a begun directory: owner of added files (default: 0:0 without root, "
          + "else their owner on disk).")
  String owner;

  /** The begun directory being built, whose opened modes are given back after the build. */
  private BegunDirectory begunDirectory;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, main);
    Compression c = write.compression(spec);
    Long epoch = write.sourceDateEpoch(spec);
    int level = write.level(spec);
    boolean begun = BegunDirectory.isBegun(layout);
    if (!begun && (squash || owner != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), (squash ? "--squash" : "--owner")
          + " is for a directory made by 'jaci begin' (with DIR/.jaci/record.jsonl)");
    }
    AciBuilder builder = begun ? begun(console) : AciBuilder.fromLayout(layout);
    if (level != Compression.DEFAULT_LEVEL) {
      builder.compressionLevel(level);
    }
    AciBuildResult result;
    try {
      result = builder
          .compression(c)
          .overwrite(write.overwrite)
          .ownerRoot(ownerRoot)
          .sourceDateEpoch(epoch)
          .progress(console.progress())
          .build(output);
    } finally {
      if (begunDirectory != null) {
        begunDirectory.restoreModes();
      }
    }
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
    begunDirectory = dir;
    BegunDirectory.Content content = squash ? dir.squash(newOwner) : dir.diff(newOwner);
    content.warnings().forEach(console::warn);
    console.remark((squash ? "squashed" : "over " + dir.base()) + ": " + content.added()
        + " added, " + content.changed() + " changed, " + content.deleted() + " deleted");
    return AciBuilder.fromContent(content.manifest(), content.rootfs());
  }
}
