package io.jaci.cli;

import io.jaci.core.aci.ImageValidator;
import io.jaci.core.aci.ValidationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Check image manifests, image layouts and ACIs (any compression).",
        "Prints the problems found (the first 20 of each input), one per line; exits 1 if any."})
final class ValidateCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH",
      description = "A manifest JSON file, a layout directory or an ACI.")
  List<Path> paths;

  @Override
  public Integer call() {
    Console console = new Console(spec, main);
    boolean allValid = true;
    for (Path p : paths) {
      ValidationReport r = ImageValidator.validate(p);
      for (String w : r.warnings()) {
        console.warn(p + ": " + w);
      }
      for (String e : r.errors()) {
        console.out().println(p + ": " + e);
      }
      if (r.valid() && !main.quiet) {
        console.out().println(p + ": valid " + r.kind());
      }
      allValid &= r.valid();
    }
    return allValid ? 0 : Main.EXIT_FAILURE;
  }
}
