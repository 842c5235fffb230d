package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.discovery.InsecureOptions;
import io.jaci.core.discovery.PublicKeyDiscovery;
import io.jaci.core.io.IoMessages;
import io.jaci.core.trust.KeyDownload;
import io.jaci.core.trust.KeyPrefix;
import io.jaci.core.trust.KeystoreDirs;
import io.jaci.core.trust.OpenPgpKey;
import io.jaci.core.trust.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
    description = {"Trust the OpenPGP public key(s) in KEY for images named NAME or below it"
        + " (whole path segments), or for every image (--root).",
        "Without KEY, finds the keys of NAME by appc meta discovery (its ac-discovery-pubkeys,"
            + " walking up NAME's path; a port after the host is for the connection only).",
        "Shows each key's fingerprint and user IDs and asks for 'yes' on the terminal; without"
            + " a terminal it needs --yes (check the fingerprint first)."})
final class TrustAddCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  TrustCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Scope scope;

  static final class Scope {
    @Option(names = "--prefix", paramLabel = "NAME",
        description = "Trust the key for images named NAME or NAME/... (an AC identifier).")
    String prefix;

    @Option(names = "--root", description = "Trust the key for every image.")
    boolean root;
  }

  @Option(names = "--yes", description = "Trust without asking (after checking the fingerprint"
      + " another way).")
  boolean yes;

  @Option(names = "--system", description = "Write to /etc/jaci/trustedkeys (for every user;"
      + " needs root) instead of the user's keystore.")
  boolean system;

  @Option(names = "--insecure-options", split = ",", paramLabel = "OPT",
      description = "pubkey,http: take a key over plain http:// (it can be swapped on the way).")
  List<String> insecure = List.of();

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "For connecting, for each answer, and for each read (default 30).")
  int timeoutSeconds;

  @Parameters(arity = "0..1", paramLabel = "KEY", description = "A key file (armored or"
      + " binary) or an https:// URL; without it, discovery of --prefix NAME finds the keys.")
  String key;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, parent.main);
    for (String o : insecure) {
      if (!o.equals("pubkey") && !o.equals("http")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--insecure-options: '"
            + o + "' does not apply to trust add (pubkey,http does)");
      }
    }
    if (timeoutSeconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--timeout must be at least 1 second");
    }
    boolean http = insecure.contains("pubkey") && insecure.contains("http");
    if (!insecure.isEmpty() && !http) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--insecure-options: plain"
          + " http for keys needs both: --insecure-options=pubkey,http");
    }
    KeyPrefix prefix;
    List<OpenPgpKey> keys;
    Map<OpenPgpKey, URI> sources = new IdentityHashMap<>();
    if (key == null) {
      PublicKeyDiscovery.Found found = discover(http);
      prefix = found.prefix();
      keys = found.keys().stream().map(PublicKeyDiscovery.Source::key).toList();
      found.keys().forEach(s -> sources.put(s.key(), s.url()));
      console.remark(keys.size() + (keys.size() == 1 ? " key" : " keys") + " for prefix "
          + prefix + " named by " + found.page());
    } else {
      try {
        prefix = scope.root ? KeyPrefix.root() : KeyPrefix.of(scope.prefix);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      keys = read(http);
    }
    TrustedKeys store = TrustCommand.load(console);
    KeystoreDirs.Level level = system ? KeystoreDirs.Level.SYSTEM : KeystoreDirs.Level.USER;
    int added = 0;
    for (OpenPgpKey k : keys) {
      if (sources.containsKey(k)) {
        console.remark("from " + sources.get(k));
      }
      describe(console, k, prefix);
      k.signingProblem(java.time.Instant.now()).ifPresent(p -> console.warn(p
          + ": it will not verify signatures"));
      if (!confirmed(k, prefix)) {
        console.remark("key " + k.fingerprint() + " not trusted");
        continue;
      }
      Path file = store.add(k, prefix, level);
      console.out().println("trusted key " + k.fingerprint() + " for "
          + (prefix.isRoot() ? "every image (root)" : "prefix " + prefix) + ": " + file);
      added++;
    }
    console.out().flush();
    return added == keys.size() ? 0 : Main.EXIT_FAILURE;
  }

  /** The keys that meta discovery of --prefix finds (downloaded, not trusted yet). */
  private PublicKeyDiscovery.Found discover(boolean http) throws JaciException {
    if (scope.root) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--root needs a KEY file"
          + " or URL (discovery finds the keys of a --prefix NAME)");
    }
    try {
      return new PublicKeyDiscovery(Duration.ofSeconds(timeoutSeconds), http
          ? EnumSet.of(InsecureOptions.PUBKEY, InsecureOptions.HTTP)
          : EnumSet.noneOf(InsecureOptions.class)).discover(scope.prefix);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private List<OpenPgpKey> read(boolean http) throws JaciException {
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      URI uri;
      try {
        uri = URI.create(key);
      } catch (IllegalArgumentException e) {
        throw new JaciException(key + ": not a URL (" + e.getMessage() + ")");
      }
      return new KeyDownload(Duration.ofSeconds(timeoutSeconds), http).fetch(uri);
    }
    Path file = Path.of(key);
    try (InputStream in = Files.newInputStream(file)) {
      return OpenPgpKey.read(in, key);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }

  /** What the user is asked to trust: on stderr, so stdout stays the result. */
  private static void describe(Console console, OpenPgpKey k, KeyPrefix prefix) {
    PrintableKey.lines(k).forEach(console::remark);
    console.remark("  for " + (prefix.isRoot() ? "every image (root)" : "prefix " + prefix));
  }

  private boolean confirmed(OpenPgpKey k, KeyPrefix prefix) throws JaciException {
    if (yes) {
      return true;
    }
    java.io.Console terminal = System.console();
    if (terminal == null) {
      // silently trusting a key nobody looked at was rkt#1880
      throw new JaciException("not trusting key " + k.fingerprint() + " without a yes: there "
          + "is no terminal to ask on; check the fingerprint, then run again with --yes");
    }
    if (parent.main.quiet) {
      PrintableKey.lines(k).forEach(l -> terminal.printf("%s%n", l));
    }
    String answer = terminal.readLine("Trust this key for %s? (yes/no) ",
        prefix.isRoot() ? "every image" : prefix.toString());
    return answer != null && (answer.strip().equalsIgnoreCase("yes")
        || answer.strip().equalsIgnoreCase("y"));
  }
}
