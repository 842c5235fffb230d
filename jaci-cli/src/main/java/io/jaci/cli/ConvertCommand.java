package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.convert.ImageLocation;
import io.jaci.core.registry.Credentials;
import io.jaci.core.registry.RegistryClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "convert", mixinStandardHelpOptions = true,
    description = {"Convert an image between Docker/OCI and appc.",
        "SRC and DEST: docker://HOST[:PORT]/REPO[:TAG|@sha256:HEX], docker-archive:FILE[:REPO:TAG],"
            + " oci:DIR[:TAG], store:[REF], or an ACI file. One side must be appc (an ACI file"
            + " or store:), the other Docker/OCI."})
final class ConvertCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SRC")
  String source;

  @Parameters(index = "1", paramLabel = "DEST")
  String destination;

  @Option(names = "--layered",
      description = "Docker/OCI -> ACI: one ACI per layer, each depending on the one below.")
  boolean layered;

  @Option(names = "--squash",
      description = "ACI -> Docker/OCI: one layer for the image and all its dependencies.")
  boolean squash;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
      description = "The image to pick from a manifest list or OCI index (default: this"
          + " machine's).")
  String platform;

  @Option(names = "--insecure", description = "Plain HTTP to the registry.")
  boolean insecure;

  @Option(names = "--creds", paramLabel = "USER:PASS",
      description = "Registry credentials (default: ~/.docker/config.json).")
  String creds;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "How long the registry may keep jaci waiting without sending anything:"
          + " to connect, to answer, and in the middle of an answer (default: 30s).")
  String timeout;

  @Option(names = "--compression", paramLabel = "gzip|bzip2|xz|none", defaultValue = "gzip",
      description = "Docker/OCI -> ACI file: how the ACI is compressed (default: gzip).")
  String compression;

  @Option(names = "--overwrite", description = "Replace an existing output file.")
  boolean overwrite;

  /**
   * A registry client as --insecure, --creds and --timeout say; a malformed --creds or
   * --timeout is a usage error.
   */
  RegistryClient registryClient() {
    Credentials credentials;
    try {
      credentials = creds != null ? Credentials.parse(creds) : null;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--creds: " + e.getMessage());
    }
    return RegistryClient.builder().insecure(insecure).credentials(credentials)
        .timeout(timeout()).build();
  }

  private Duration timeout() {
    Duration limit = Options.duration(spec, "--timeout", timeout);
    if (limit.isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout 0s: give at"
          + " least 1s");
    }
    return limit;
  }

  @Override
  public Integer call() throws JaciException {
    timeout(); // a malformed --timeout is a usage error whatever SRC and DEST are
    Console console = new Console(spec, main);
    ImageLocation from;
    ImageLocation to;
    try {
      from = ImageLocation.parse(source);
      to = ImageLocation.parse(destination);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (from.isAppc() == to.isAppc()) {
      throw new CommandLine.ParameterException(spec.commandLine(), from.isAppc()
          ? "both SRC and DEST are appc; use 'jaci image import' or 'jaci image export'"
          : "both SRC and DEST are Docker/OCI; one side must be an ACI file or store:");
    }
    return to.isAppc() ? ConvertToAci.run(this, console, from, to)
        : ConvertToOci.run(this, console, from, to);
  }
}
