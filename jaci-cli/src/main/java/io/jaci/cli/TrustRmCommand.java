package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.trust.Fingerprint;
import io.jaci.core.trust.KeystoreDirs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true,
    description = "Stop trusting a key: remove its files (for every prefix) from the user's"
        + " keystore, or from the system's with --system.")
final class TrustRmCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  TrustCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--system", description = "Remove from /etc/jaci/trustedkeys (needs root).")
  boolean system;

  @Parameters(paramLabel = "FINGERPRINT", description = "As 'jaci trust list' or gpg print it.")
  String fingerprint;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, parent.main);
    Fingerprint f;
    try {
      f = Fingerprint.parse(fingerprint);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    for (Path p : TrustCommand.load(console).remove(f, system ? KeystoreDirs.Level.SYSTEM
        : KeystoreDirs.Level.USER)) {
      console.out().println("removed " + p);
    }
    console.out().flush();
    return 0;
  }
}
