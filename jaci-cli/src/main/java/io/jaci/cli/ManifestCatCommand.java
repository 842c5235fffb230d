package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciManifestReader;
import io.jaci.core.spec.InvalidManifestException;
import io.jaci.core.spec.ManifestJson;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cat", mixinStandardHelpOptions = true,
    description = "Print the manifest of an ACI, reading the archive only as far as the manifest.")
final class ManifestCatCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  ManifestCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"--pretty", "--pretty-print"},
      description = "Print it validated, in canonical field order, indented.")
  boolean pretty;

  @Parameters(paramLabel = "IMAGE", description = "An ACI file.")
  Path image;

  @Override
  public Integer call() throws JaciException {
    byte[] manifest = AciManifestReader.read(image);
    if (pretty) {
      try {
        manifest = ManifestJson.writePretty(ManifestJson.parse(manifest));
      } catch (InvalidManifestException e) {
        throw new JaciException(image + ": invalid manifest: " + e.getMessage());
      }
    }
    new Console(spec, parent.main).printText(manifest);
    return 0;
  }
}
