package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciManifestReader;
import io.jaci.core.discovery.AuthFiles;
import io.jaci.core.registry.Credentials;
import io.jaci.core.serve.AciPush;
import io.jaci.core.serve.PushEndpoint;
import io.jaci.core.spec.ImageManifest;
import io.jaci.core.spec.InvalidManifestException;
import io.jaci.core.spec.ManifestJson;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", mixinStandardHelpOptions = true,
    description = {"Push an ACI (and its signature) to a server in acserver's protocol:"
        + " jaci serve, acserver.",
        "TARGET is the image's name (its push endpoint found by discovery; a port after the"
            + " host is for the connection only), or the server's http(s) URL."})
final class PushCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE.aci", description = "The ACI to push.")
  Path aci;

  @Parameters(index = "1", paramLabel = "TARGET",
      description = "NAME (like 127.0.0.1:8080/example.com/app) or URL.")
  String target;

  @Option(names = "--signature", paramLabel = "FILE",
      description = "Its detached signature (default: IMAGE.aci.asc when it exists).")
  Path signature;

  @Option(names = "--user", paramLabel = "USER",
      description = "Push as USER; the password comes from $JACI_PASSWORD, --password-file or"
          + " the terminal. Default: the credentials of auth.d for the server's host.")
  String user;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "A file holding the password (its first line).")
  Path passwordFile;

  @Option(names = "--insecure",
      description = "Allow plain HTTP (the password travels in clear).")
  boolean insecure;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Give up on a server that does not answer for this long (default: 30).")
  long timeout;

  @Override
  public Integer call() throws Exception {
    io.jaci.cli.Console console = new io.jaci.cli.Console(spec, main);
    byte[] raw = AciManifestReader.read(aci);
    ImageManifest manifest;
    try {
      manifest = ManifestJson.parse(raw);
    } catch (InvalidManifestException e) {
      throw new JaciException(aci + ": invalid manifest: " + e.getMessage());
    }
    Optional<Path> asc = Optional.ofNullable(signature);
    Path beside = aci.resolveSibling(aci.getFileName() + ".asc");
    if (asc.isEmpty() && Files.isRegularFile(beside)) {
      asc = Optional.of(beside);
    }
    Duration limit = Duration.ofSeconds(timeout);
    URI start = PushEndpoint.find(target, manifest, insecure, limit);
    AciPush push = new AciPush(credentials(start.getHost()), insecure, limit);
    push.push(start, aci, manifest, raw, asc);
    console.remark("jaci: pushed " + manifest.name() + (asc.isPresent() ? " with its signature"
        : " (unsigned)") + " to " + start.getAuthority());
    return 0;
  }

  private Optional<Credentials> credentials(String host) throws JaciException {
    if (user == null) {
      return AuthFiles.defaults().basicFor(host);
    }
    String password = System.getenv("JACI_PASSWORD");
    if (passwordFile != null) {
      try {
        password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream()
            .findFirst().orElse("");
      } catch (IOException e) {
        throw new JaciException("reading the password file " + passwordFile + ": "
            + e.getMessage());
      }
    }
    if (password == null) {
      Console terminal = System.console();
      if (terminal == null) {
        throw new JaciException("no password for " + user + ": set $JACI_PASSWORD or give"
            + " --password-file (no terminal to ask on)");
      }
      char[] typed = terminal.readPassword("password for %s at %s: ", user, host);
      password = typed == null ? "" : new String(typed);
    }
    try {
      return Optional.of(new Credentials(user, password));
    } catch (IllegalArgumentException e) {
      throw new JaciException("--user " + user + ": " + e.getMessage());
    }
  }
}
