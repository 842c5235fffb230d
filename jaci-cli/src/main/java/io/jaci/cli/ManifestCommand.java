package io.jaci.cli;

import picocli.CommandLine.Command;

@Command(name = "manifest", mixinStandardHelpOptions = true,
    description = "Print or change the manifest of an ACI.")
final class ManifestCommand {
  @picocli.CommandLine.ParentCommand
  Main main;
}
