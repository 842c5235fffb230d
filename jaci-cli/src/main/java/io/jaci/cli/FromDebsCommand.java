package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.deb.AptSource;
import io.jaci.core.deb.AptSources;
import io.jaci.core.deb.DebArchitectures;
import io.jaci.core.deb.FromDebs;
import io.jaci.core.deb.PathExcludes;
import io.jaci.core.io.Compression;
import io.jaci.core.store.AppString;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "from-debs", mixinStandardHelpOptions = true,
    description = {"Build an ACI from Debian packages and everything they depend on.",
        "Resolves the closure (Pre-Depends, Depends, Recommends; alternatives, Provides) from "
            + "the repository's indices, downloads the .deb files in parallel, verifies them "
            + "against the index (and the index against the Release file), and writes their "
            + "files into one image with var/lib/dpkg filled in. No root needed.",
        "Repositories come from the machine's apt sources unless --mirror names one (a URL, "
            + "or a directory with Packages or dists/). Prints the image ID."})
final class FromDebsCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PACKAGE... OUT.aci",
      description = "Packages (NAME or NAME=VERSION), then the ACI to write.")
  List<String> arguments;

  @Option(names = "--name", required = true, paramLabel = "NAME[:VERSION][,LABEL=VALUE...]",
      description = "The image name, version and labels (os and arch are added).")
  String name;

  @Option(names = "--suite", paramLabel = "S", description = "The suite (default: apt's).")
  String suite;

  @Option(names = "--arch", paramLabel = "A",
      description = "Debian architecture (default: this machine's).")
  String arch;

  @Option(names = "--mirror", paramLabel = "URL",
      description = "The repository: http(s) URL, file: URL or directory (default: apt's).")
  String mirror;

  @Option(names = "--components", split = ",", paramLabel = "C,...",
      description = "Components (default: apt's, else main).")
  List<String> components;

  @Option(names = "--keyring", paramLabel = "FILE",
      description = "OpenPGP keyring (.gpg or .asc) to check Release signatures with "
          + "(repeatable; default: the source's signed-by, else apt's trusted keys).")
  List<Path> keyrings = new ArrayList<>();

  @Option(names = "--allow-unsigned",
      description = "Use a repository whose Release file is not signed.")
  boolean allowUnsigned;

  @Option(names = "--no-recommends", description = "Do not install Recommends.")
  boolean noRecommends;

  @Option(names = "--with-essential",
      description = "Also install the Essential and Priority: required packages. Without "
          + "it an image has only what the packages depend on: no /bin/sh unless one does.")
  boolean withEssential;

  @Option(names = "--base-passwd",
      description = "Install base-passwd and make /etc/passwd and /etc/group from its master "
          + "files, as its install scripts would. Without --configure no maintainer script "
          + "runs, so without it an image has no /etc/passwd (even with --with-essential): "
          + "whoami and named users fail.")
  boolean basePasswd;

  @Option(names = "--configure",
      description = "Run the packages' maintainer scripts (preinst, then dpkg --configure -a) "
          + "inside the image through the runner, rootless, so that they end up configured. "
          + "Brings Debian's Essential packages, which the scripts may use.")
  boolean configure;

  @Option(names = "--exclude", paramLabel = "GLOB",
      description = "Leave out matching paths, e.g. '/usr/share/doc/*' (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--lock", paramLabel = "FILE",
      description = "Write the resolved set (versions, URLs, SHA256) as JSON.")
  Path lock;

  @Option(names = "--from-lock", paramLabel = "FILE",
      description = "Install exactly the set of a lock file, without resolving.")
  Path fromLock;

  @Option(names = "--deb", paramLabel = "FILE.deb",
      description = "A local package to install; wins over the index (repeatable).")
  List<Path> debs = new ArrayList<>();

  @CommandLine.Mixin
  AciWriteOptions write;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Cache of indices and packages (default: $XDG_CACHE_HOME/jaci).")
  Path cache;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, main);
    Path output = Path.of(arguments.get(arguments.size() - 1));
    List<String> packages = arguments.subList(0, arguments.size() - 1);
    AppString appName;
    PathExcludes excluded;
    try {
      appName = AppString.parse(name);
      excluded = PathExcludes.of(excludes);
    } catch (IllegalArgumentException e) {
      throw usage("--name " + name + ": " + e.getMessage());
    }
    if (fromLock != null && (!packages.isEmpty() || !debs.isEmpty())) {
      throw usage("--from-lock installs the lock's packages: give no PACKAGE or --deb");
    }
    if (fromLock == null && packages.isEmpty() && debs.isEmpty()) {
      throw usage("name at least one PACKAGE (or --deb FILE) before OUT.aci");
    }
    if (output.getFileName().toString().endsWith(".deb")) {
      throw usage(output + ": the last argument is the ACI to write (use --deb for local "
          + "packages)");
    }
    Long epoch = write.sourceDateEpoch(spec);
    String debArch = arch != null ? arch : DebArchitectures.host();
    FromDebs.manifest(appName, debArch); // the name is checked before any work
    int level = write.level(spec);
    FromDebs build = fromLock != null ? FromDebs.fromLock(fromLock)
        : FromDebs.resolving(packages, sources());
    if (arch != null) {
      build.architecture(arch);
    }
    if (level != Compression.DEFAULT_LEVEL) {
      build.compressionLevel(level);
    }
    if (cache != null) {
      build.cache(new io.jaci.core.deb.DebCache(cache));
    }
    FromDebs.Result r = build
        .localDebs(debs)
        .keyrings(keyrings)
        .allowUnsigned(allowUnsigned)
        .recommends(!noRecommends)
        .withEssential(withEssential)
        .basePasswd(basePasswd)
        .configure(configure)
        .excludes(excluded)
        .lockFile(lock)
        .sourceDateEpoch(epoch)
        .overwrite(write.overwrite)
        .compression(write.compression(spec))
        .progress(console.progress(), console.progress())
        .remarks(console::remark)
        .build(output, appName);
    console.remark(r.packages().size() + " packages written to " + output);
    console.out().println(r.imageId());
    return 0;
  }

  private List<AptSource> sources() throws JaciException {
    List<AptSource> system = mirror == null || suite == null ? AptSources.readSystem()
        : List.of();
    List<AptSource> chosen = new ArrayList<>();
    if (mirror != null) {
      String s = suite != null ? suite : system.isEmpty() ? "./" : system.get(0).suite();
      chosen.add(new AptSource(mirrorUri(), s, components != null ? components
          : system.isEmpty() ? List.of() : system.get(0).components(), List.of(), ""));
    } else if (suite != null) {
      if (system.isEmpty()) {
        throw new JaciException("--suite " + suite + ": no apt source to take the mirror from "
            + "(give --mirror URL)");
      }
      AptSource first = system.get(0);
      chosen.add(new AptSource(first.uri(), suite, components != null ? components
          : first.components(), first.architectures(), first.signedBy()));
    } else {
      for (AptSource s : system) {
        chosen.add(components == null ? s : new AptSource(s.uri(), s.suite(), components,
            s.architectures(), s.signedBy()));
      }
    }
    return chosen;
  }

  private URI mirrorUri() throws JaciException {
    if (mirror.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      try {
        URI u = URI.create(mirror);
        if (Arrays.asList("http", "https", "file").contains(u.getScheme())) {
          return u;
        }
      } catch (IllegalArgumentException e) {
        throw new JaciException(mirror + ": not a URL (" + e.getMessage() + ")");
      }
      throw new JaciException(mirror + ": use an http, https or file: URL, or a directory");
    }
    Path dir = Path.of(mirror);
    if (!Files.isDirectory(dir)) {
      throw new JaciException(mirror + ": no such directory (or give a URL)");
    }
    return dir.toAbsolutePath().toUri();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
