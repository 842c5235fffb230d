package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciBuildResult;
import io.jaci.core.rootfs.RootfsImage;
import io.jaci.core.spec.App;
import io.jaci.core.spec.HostPlatform;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.Label;
import io.jaci.core.spec.Labels;
import io.jaci.core.store.AppString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "from-rootfs", mixinStandardHelpOptions = true,
    customSynopsis = "jaci from-rootfs [OPTIONS] SOURCE OUT.aci --name NAME[:VERSION][,LABEL=VALUE...] "
        + "[--exec CMD...]",
    description = {"Make an ACI of a root file system: a tarball (tar, gzip, bzip2, xz or zstd; "
        + "'-' for standard input) or a directory. A tarball is converted as a stream, never "
        + "extracted: device nodes, foreign owners and setuid files need no root.",
        "Prints the image ID. --exec takes the words up to the next option: put SOURCE and "
            + "OUT.aci before it, e.g.",
        "  jaci from-rootfs stage3.tar.xz stage3.aci --name example.com/stage3:1 --exec /bin/sh -l"})
final class FromRootfsCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SOURCE", arity = "0..2",
      description = {"The root file system (tarball, '-' or directory),",
          "then OUT.aci, the ACI to write."})
  List<String> files = new ArrayList<>();

  @Option(names = "--name", required = true, paramLabel = "NAME[:VERSION][,LABEL=VALUE...]",
      description = "The image name, optionally with its version label and other labels.")
  String name;

  @Option(names = "--exec", arity = "1..*", paramLabel = "CMD",
      description = "The app's command and its arguments (everything up to the next option); "
          + "without it the image has no app.")
  List<String> exec;

  @Option(names = "--user", paramLabel = "U", description = "The app's user (default: 0).")
  String user;

  @Option(names = "--group", paramLabel = "G", description = "The app's group (default: 0).")
  String group;

  @Option(names = "--label", paramLabel = "NAME=VALUE",
      description = "A label (repeatable); os and arch default to this machine's.")
  Map<String, String> labels = new LinkedHashMap<>();

  @CommandLine.Mixin
  AciWriteOptions write;

  @Override
  public Integer call() throws JaciException {
    ImageManifest manifest = manifest(); // before anything is read or written
    if (files.size() != 2) {
      throw usage("give SOURCE and OUT.aci" + (exec != null
          ? " before --exec (it takes every word up to the next option)" : ""));
    }
    Long epoch = write.sourceDateEpoch(spec);
    int level = write.level(spec);
    Console console = new Console(spec, main);
    String source = files.get(0);
    RootfsImage image = source.equals("-")
        ? RootfsImage.fromStream(System.in, "standard input")
        : RootfsImage.from(Path.of(source));
    AciBuildResult result = image
        .manifest(manifest)
        .compression(write.compression(spec))
        .compressionLevel(level)
        .overwrite(write.overwrite)
        .sourceDateEpoch(epoch)
        .progress(console.progress())
        .build(Path.of(files.get(1)));
    result.warnings().forEach(console::warn);
    console.out().println(result.imageId());
    return 0;
  }

  /** The manifest the options describe, or a usage error saying what is wrong with them. */
  private ImageManifest manifest() {
    try {
      ImageNaming naming = ImageNaming.parse(spec, name, labels);
      Labels all = Labels.of(naming.labels());
      if (all.get("os").isEmpty()) {
        all = all.with("os", HostPlatform.os());
      }
      if (all.get("arch").isEmpty() && all.get("os").orElseThrow().equals(HostPlatform.os())) {
        all = all.with("arch", HostPlatform.arch());
      }
      ImageManifest.Builder m = ImageManifest.builder(naming.name()).labels(all);
      if (exec != null) {
        m.app(App.builder().exec(exec).user(user != null ? user : "0")
            .group(group != null ? group : "0").build());
      } else if (user != null || group != null) {
        throw usage((user != null ? "--user" : "--group") + " is for the app: give --exec too");
      }
      return m.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw usage(e.getMessage());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
