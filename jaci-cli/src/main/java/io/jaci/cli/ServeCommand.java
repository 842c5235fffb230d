package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.serve.ImageServer;
import io.jaci.core.serve.ServeOptions;
import io.jaci.core.serve.SignatureVerifier;
import io.jaci.core.serve.Site;
import io.jaci.core.serve.StaticExport;
import io.jaci.core.store.ImageStore;
import io.jaci.core.trust.KeystoreDirs;
import io.jaci.core.trust.SignatureCheck;
import io.jaci.core.trust.TrustedKeys;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the store's images for appc discovery, with a web page at /, and take"
        + " pushes (jaci push, acpush) from the users of --users.",
        "With --export DIR, write the same tree as files (for nginx or a CDN) and exit."})
final class ServeCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--addr", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
      description = "Where to listen (default: ${DEFAULT-VALUE}; port 0: any free port).")
  String addr;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "The URL clients reach the server at (default: http(s)://HOST:PORT of"
          + " --addr). Images are discovered here when their name starts with its host.")
  String baseUrl;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "A PEM certificate (chain): serve HTTPS, with HTTP/2.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "The certificate's PKCS#8 PEM private key.")
  Path tlsKey;

  @Option(names = "--users", paramLabel = "HTPASSWD",
      description = "Who may push: an htpasswd file (bcrypt: htpasswd -B, or SHA: -s).")
  Path users;

  @Option(names = "--require-signatures",
      description = "Take only pushes signed by a key trusted for the image's name.")
  boolean requireSignatures;

  @Option(names = "--pubkeys", paramLabel = "FILE",
      description = "Armored public keys to serve at /pubkeys.gpg (ac-discovery-pubkeys).")
  Path publicKeys;

  @Option(names = "--max-upload", paramLabel = "BYTES", defaultValue = "8589934592",
      description = "The largest image a push may send (default: 8 GiB).")
  long maxUpload;

  @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Drop a client that sends or reads nothing for this long (default: 30).")
  long idleTimeout;

  @Option(names = "--export", paramLabel = "DIR",
      description = "Write the served tree into DIR (needs --base-url) and exit.")
  Path export;

  @Override
  public Integer call() throws Exception {
    Console console = new Console(spec, main);
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--tls-cert and --tls-key go together");
    }
    try (ImageStore store = main.openStore()) {
      if (export != null) {
        return export(console, store);
      }
      ServeOptions options = new ServeOptions(address(), Optional.ofNullable(baseUrl),
          tlsCert == null ? Optional.empty()
              : Optional.of(new ServeOptions.TlsFiles(tlsCert, tlsKey)),
          Optional.ofNullable(users), verifier(console), Optional.ofNullable(publicKeys),
          maxUpload, Duration.ofSeconds(idleTimeout));
      PrintWriter err = spec.commandLine().getErr();
      CountDownLatch stopped = new CountDownLatch(1);
      try (ImageServer server = ImageServer.start(store, options, line -> log(err, line))) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          server.close();
          stopped.countDown();
        }, "jaci-serve-stop"));
        console.remark("jaci: serving " + store.root() + " at " + server.site().baseUrl()
            + " (images named " + server.site().host() + "/... are discoverable)"
            + (users == null ? "; no pushes (no --users)" : ""));
        stopped.await();
      }
    }
    return 0;
  }

  /** With --require-signatures, a check against the keys of 'jaci trust' (read now). */
  private Optional<SignatureVerifier> verifier(Console console) throws JaciException {
    if (!requireSignatures) {
      return Optional.empty();
    }
    if (users == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--require-signatures is about pushes: give --users too");
    }
    TrustedKeys keys = TrustedKeys.load(KeystoreDirs.defaults());
    keys.problems().forEach(console::warn);
    if (keys.all().isEmpty()) {
      throw new JaciException("--require-signatures: no trusted keys in " + keys.dirs().user()
          + " or " + keys.dirs().system() + ": add the signers' keys with 'jaci trust add'");
    }
    SignatureCheck check = new SignatureCheck(keys);
    return Optional.of((name, aci, signature) -> check.verify(aci, signature, name,
        "the pushed image").describe());
  }

  private int export(Console console, ImageStore store) throws JaciException {
    if (baseUrl == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--export needs --base-url: the URL the tree will be served at");
    }
    Site site;
    try {
      site = Site.of(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new JaciException(e.getMessage());
    }
    StaticExport.Report report = StaticExport.write(store, site,
        Optional.ofNullable(publicKeys), export);
    report.notes().forEach(console::warn);
    console.remark("jaci: wrote " + report.files() + " files into " + export + " for "
        + site.baseUrl());
    return 0;
  }

  private InetSocketAddress address() {
    int colon = addr.lastIndexOf(':');
    try {
      String host = addr.substring(0, Math.max(colon, 0)).replaceAll("^\\[|\\]$", "");
      int port = Integer.parseInt(addr.substring(colon + 1));
      if (colon <= 0 || port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--addr: expected HOST:PORT, like 127.0.0.1:8080, not \"" + addr + "\"");
    }
  }

  private static void log(PrintWriter err, String line) {
    synchronized (err) {
      err.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
      err.flush();
    }
  }
}
