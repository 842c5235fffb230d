package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.discovery.AuthFiles;
import io.jaci.core.discovery.ImageFetch;
import io.jaci.core.discovery.InsecureOptions;
import io.jaci.core.discovery.PullPolicy;
import io.jaci.core.store.ImageStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = {"Fetch images into the store and print their image IDs.",
        "IMAGE is an app string (NAME[:VERSION][,LABEL=VALUE...], found by appc meta"
            + " discovery; a port after the host is for the connection only), an https:// URL"
            + " of an .aci, or a local .aci with FILE.asc beside it.",
        "Each image (and each dependency, fetched the same way) must be signed by a key"
            + " trusted for its name (see 'jaci trust') and have the name and every label"
            + " asked for (os and arch default to this machine's)."})
final class FetchCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--pull-policy", paramLabel = "POLICY", defaultValue = "new",
      description = "never: the store only; new: the store when it has a verified match"
          + " (default); update: ask the server (a 304 reuses the stored image).")
  String pullPolicy;

  @Option(names = "--insecure-options", paramLabel = "OPTS", split = ",",
      description = "Checks to skip: image (signature), http (plain HTTP), tls (any"
          + " certificate), pubkey, all.")
  List<String> insecure = List.of();

  @Option(names = "--signature", paramLabel = "FILE",
      description = "The signature to use (with one IMAGE).")
  Path signature;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "For connecting, for each answer, and for each read (default 30).")
  int timeoutSeconds;

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<String> images;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, main);
    PullPolicy policy;
    Set<InsecureOptions> opts;
    try {
      policy = PullPolicy.valueOf(pullPolicy.toUpperCase(Locale.ROOT));
      opts = InsecureOptions.parse(String.join(",", insecure));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          e.getMessage().startsWith("unknown insecure") ? e.getMessage()
              : "--pull-policy: \"" + pullPolicy + "\" is not never, new or update");
    }
    if (signature != null && images.size() > 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--signature goes with one IMAGE, not " + images.size());
    }
    if (timeoutSeconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--timeout must be at least 1 second");
    }
    ImageFetch.Options options = new ImageFetch.Options(Duration.ofSeconds(timeoutSeconds),
        opts, policy, ImageFetch.Options.defaults().maxImageBytes(), Duration.ofSeconds(1),
        credentials(console));
    try (ImageStore store = main.openStore()) {
      ImageFetch fetch = new ImageFetch(store, TrustCommand.load(console), options);
      for (String image : images) {
        ImageFetch.Fetched f = fetch.fetch(image, Optional.ofNullable(signature));
        if (f.verification().isEmpty()) {
          console.warn(image + ": taken without a verified signature"
              + " (--insecure-options=image)");
        }
        console.out().println(f.image().id());
        console.out().flush();
      }
    }
    return 0;
  }

  private static AuthFiles credentials(Console console) {
    AuthFiles c = AuthFiles.defaults();
    c.problems().forEach(console::warn);
    return c;
  }
}
