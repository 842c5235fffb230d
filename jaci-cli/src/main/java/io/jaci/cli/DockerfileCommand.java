package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.convert.ImageLocation;
import io.jaci.core.dockerfile.BuildContext;
import io.jaci.core.dockerfile.Dockerfile;
import io.jaci.core.dockerfile.DockerfileBuild;
import io.jaci.core.dockerfile.Instruction;
import io.jaci.core.dockerfile.RunFailedException;
import io.jaci.core.dockerfile.Stage;
import io.jaci.core.io.IoMessages;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.run.NetMode;
import io.jaci.core.run.PodDirectory;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dockerfile", mixinStandardHelpOptions = true,
    description = {"Build an image from a Dockerfile, without root or a daemon: each stage "
        + "begins over its FROM, RUN steps run through the runner, and every filesystem step "
        + "ends in a diff image kept in the store as the step cache.",
        "Prints the image ID. With -o, also writes the image to DEST (an .aci file, "
            + "oci:DIR[:TAG], docker-archive:FILE[:REPO:TAG] or docker://...)."})
final class DockerfileCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONTEXT", description = "The build context directory.")
  Path context;

  @Option(names = {"-f", "--file"}, paramLabel = "Dockerfile",
      description = "The Dockerfile (default: CONTEXT/Dockerfile).")
  Path file;

  @Option(names = {"-t", "--tag"}, required = true,
      paramLabel = "NAME[:VERSION][,LABEL=VALUE...]", description = "The image's name and labels.")
  String name;

  @Option(names = "--build-arg", paramLabel = "K[=V]",
      description = "A build argument (K alone takes it from the environment).")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "The stage to build.")
  String target;

  @Option(names = "--layered", description = "One diff image per filesystem step (default).")
  boolean layered;

  @Option(names = "--squash", description = "One image without dependencies.")
  boolean squash;

  @Option(names = "--no-cache", description = "Run every step, whatever the cache holds.")
  boolean noCache;

  @Option(names = "--secret", paramLabel = "id=ID,src=FILE",
      description = "A secret for RUN --mount=type=secret (never written into an image).")
  List<String> secrets = new ArrayList<>();

  @Option(names = "--network", paramLabel = "host|none", defaultValue = "host",
      description = "The network of RUN steps (default: host).")
  String network;

  @Option(names = "--source-date-epoch", paramLabel = "N",
      description = "Clamp file times to N (default: $SOURCE_DATE_EPOCH if set).")
  Long sourceDateEpoch;

  @Option(names = {"-o", "--output"}, paramLabel = "DEST",
      description = "Also write the image to DEST (default: the store only).")
  String output;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, main);
    if (layered && squash) {
      throw usage("--layered and --squash exclude each other");
    }
    if (output != null) {
      destination(); // a bad DEST is a usage error before anything is built
    }
    ImageNaming naming = ImageNaming.parse(spec, name, Map.of());
    Map<String, String> labels = new LinkedHashMap<>();
    naming.labels().forEach(l -> labels.put(l.name().value(), l.value()));
    Path dockerfilePath = file != null ? file : context.resolve("Dockerfile");
    Dockerfile dockerfile = Dockerfile.parse(read(dockerfilePath));
    BuildContext buildContext = BuildContext.open(context);
    NetMode net = switch (network) {
      case "host" -> NetMode.HOST;
      case "none" -> NetMode.NONE;
      default -> throw usage("--network " + network + ": use host or none");
    };
    Long epoch = sourceDateEpoch != null ? sourceDateEpoch : epochFromEnvironment();
    boolean terminal = System.console() != null && !main.quiet;
    ImageId id;
    DockerfileBuild.Result result;
    try (ImageStore store = main.openStore()) {
      // layouts change right away: a tree the cache has is copied, others are not kept
      ImageRenderer renderer = ImageRenderer.of(StoreImages.of(store))
          .treeCache(ImageCommand.treeCache(store)).fillCache(false).warnings(console::warn);
      DockerfileBuild.Options options = new DockerfileBuild.Options(naming.name(), labels,
          buildArgs(), target, squash, noCache, secrets(), net, epoch,
          PodDirectory.podsOf(store.root()), null, ref -> baseImage(store, ref),
          listener(console, terminal));
      result = DockerfileBuild.of(dockerfile, buildContext, store, renderer, options).build();
      id = result.image();
    } catch (RunFailedException e) {
      return runFailed(e);
    }
    result.warnings().forEach(console::warn);
    if (output != null && !output.equals("store:")) {
      writeOutput(id);
    }
    console.out().println(id);
    return 0;
  }

  /** A failing RUN: its one line, then the last lines of its output, indented. */
  private int runFailed(RunFailedException e) {
    PrintWriter err = spec.commandLine().getErr();
    if (main.debug) {
      e.printStackTrace(err);
    }
    err.println("jaci: " + e.getMessage());
    e.lastOutput().forEach(l -> err.println("  | " + l));
    err.flush();
    return Main.EXIT_FAILURE;
  }

  private DockerfileBuild.Listener listener(Console console, boolean terminal) {
    int[] n = {0, 0}; // the step, the steps
    return new DockerfileBuild.Listener() {
      @Override
      public void steps(int total) {
        n[1] = total;
      }

      @Override
      public void step(Stage stage, Instruction step, boolean cached) {
        n[0]++;
        int total = n[1];
        if (terminal) {
          String text = step.raw().replace('\n', ' ');
          if (text.length() > 100) {
            text = text.substring(0, 97) + "...";
          }
          console.remark("[" + n[0] + "/" + total + "] " + text + (cached ? " (cached)" : ""));
        }
      }

      @Override
      public void warning(String text) {
        console.warn(text);
      }
    };
  }

  /**
   * A FROM (or {@code --from}) image: a transport is converted into the store first, else a
   * store ref or an .aci file (imported once while unchanged).
   */
  private ImageId baseImage(ImageStore store, String ref) throws JaciException {
    if (ref.startsWith("docker://") || ref.startsWith("oci:")
        || ref.startsWith("docker-archive:")) {
      String out = jaci("convert", ref, "store:");
      String[] lines = out.strip().split("\n");
      return ImageId.parse(lines[lines.length - 1].strip());
    }
    return DockerfileBuild.BaseImages.inStore(store, io.jaci.core.ProgressListener.NONE)
        .resolve(ref);
  }

  private void writeOutput(ImageId id) throws JaciException {
    if (destination() instanceof ImageLocation.AciFile) {
      jaci("image", "export", "--overwrite", id.toString(), output);
    } else {
      jaci("convert", "store:" + id, output);
    }
  }

  /** Runs another jaci command on the same store in this process; gives its output. */
  private String jaci(String... args) throws JaciException {
    List<String> all = new ArrayList<>();
    if (main.store != null) {
      all.add("--store");
      all.add(main.store);
    }
    all.add("--quiet");
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(all.toArray(String[]::new), new PrintWriter(out, true),
        new PrintWriter(err, true));
    if (code != 0) {
      throw new JaciException(String.join(" ", args) + ": " + err.toString().strip()
          .replaceFirst("^jaci: ", ""));
    }
    return out.toString();
  }

  private ImageLocation destination() {
    try {
      return ImageLocation.parse(output);
    } catch (IllegalArgumentException e) {
      throw usage("-o " + output + ": " + e.getMessage());
    }
  }

  private Map<String, String> buildArgs() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : buildArgs) {
      int eq = a.indexOf('=');
      if (eq < 0) {
        out.put(a, System.getenv(a));
      } else {
        out.put(a.substring(0, eq), a.substring(eq + 1));
      }
    }
    return out;
  }

  private Map<String, Path> secrets() {
    Map<String, Path> out = new LinkedHashMap<>();
    for (String s : secrets) {
      String id = null;
      String src = null;
      for (String field : s.split(",")) {
        if (field.startsWith("id=")) {
          id = field.substring(3);
        } else if (field.startsWith("src=") || field.startsWith("source=")) {
          src = field.substring(field.indexOf('=') + 1);
        } else {
          throw usage("--secret " + s + ": give id=ID,src=FILE");
        }
      }
      if (id == null || src == null) {
        throw usage("--secret " + s + ": give id=ID,src=FILE");
      }
      out.put(id, Path.of(src).toAbsolutePath());
    }
    return out;
  }

  private Long epochFromEnvironment() {
    String e = System.getenv("SOURCE_DATE_EPOCH");
    if (e == null || e.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(e);
    } catch (NumberFormatException ex) {
      throw usage("SOURCE_DATE_EPOCH=" + e + " is not a number of seconds");
    }
  }

  private static String read(Path p) throws JaciException {
    try {
      if (Files.size(p) > (4L << 20)) {
        throw new JaciException(p + ": over 4 MiB; that is no Dockerfile");
      }
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(p, e), e);
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
