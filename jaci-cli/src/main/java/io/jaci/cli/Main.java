package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.ShortText;
import io.jaci.core.render.RenderPreload;
import io.jaci.core.store.ImageStore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code jaci} command: parses arguments, runs a subcommand, maps failures to exit codes. */
@Command(
    name = "jaci",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Build, check, convert, sign and verify App Container Images (appc ACI) without"
        + " root.")
public final class Main implements Runnable {
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;
  /** The commands that open the store and may render: their start preloads both. */
  private static final java.util.Set<String> STORE_COMMANDS =
      java.util.Set.of("image", "begin", "dockerfile", "fetch");

  /** Every subcommand, in the order of the usage message. */
  private static final CommandTree COMMANDS = CommandTree.node(Main.class,
      "build", CommandTree.leaf(BuildCommand.class),
      "run", CommandTree.leaf(RunCommand.class),
      "pod", CommandTree.node(PodCommand.class,
          "list", CommandTree.leaf(PodCommand.ListCommand.class),
          "status", CommandTree.leaf(PodCommand.StatusCommand.class),
          "enter", CommandTree.leaf(PodCommand.EnterCommand.class),
          "stop", CommandTree.leaf(PodCommand.StopCommand.class),
          "rm", CommandTree.leaf(PodCommand.RmCommand.class),
          "gc", CommandTree.leaf(PodCommand.GcCommand.class)),
      "begin", CommandTree.leaf(BeginCommand.class),
      "dockerfile", CommandTree.leaf(DockerfileCommand.class),
      "validate", CommandTree.leaf(ValidateCommand.class),
      "convert", CommandTree.leaf(ConvertCommand.class),
      "from-rootfs", CommandTree.leaf(FromRootfsCommand.class),
      "from-debs", CommandTree.leaf(FromDebsCommand.class),
      "manifest", CommandTree.node(ManifestCommand.class,
          "cat", CommandTree.leaf(ManifestCatCommand.class),
          "patch", CommandTree.leaf(ManifestPatchCommand.class)),
      "image", CommandTree.node(ImageCommand.class,
          "import", CommandTree.leaf(ImageImportCommand.class),
          "list", CommandTree.leaf(ImageListCommand.class),
          "rm", CommandTree.leaf(ImageRmCommand.class),
          "cat-manifest", CommandTree.leaf(ImageCatManifestCommand.class),
          "render", CommandTree.leaf(ImageRenderCommand.class),
          "extract", CommandTree.leaf(ImageExtractCommand.class),
          "export", CommandTree.leaf(ImageExportCommand.class),
          "verify", CommandTree.leaf(ImageVerifyCommand.class),
          "gc", CommandTree.leaf(ImageGcCommand.class)),
      "trust", CommandTree.node(TrustCommand.class,
          "add", CommandTree.leaf(TrustAddCommand.class),
          "list", CommandTree.leaf(TrustListCommand.class),
          "rm", CommandTree.leaf(TrustRmCommand.class)),
      "sign", CommandTree.leaf(SignCommand.class),
      "verify", CommandTree.leaf(VerifyCommand.class),
      "fetch", CommandTree.leaf(FetchCommand.class),
      "serve", CommandTree.leaf(ServeCommand.class),
      "push", CommandTree.leaf(PushCommand.class),
      "help", CommandTree.leaf(CommandLine.HelpCommand.class));

  @Option(names = "--store", scope = ScopeType.INHERIT, paramLabel = "DIR",
      description = "The image store (default: $JACI_STORE, else $XDG_DATA_HOME/jaci).")
  String store;

  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Print stack traces of failures.")
  boolean debug;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
      description = "Print only results and errors: no progress, no remarks.")
  boolean quiet;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** For {@code jaci run}: its start's work that needs no arguments, begun at once. */
  RunStart runStart;

  /** The store named by --store, else the default one. */
  ImageStore openStore() throws JaciException {
    return ImageStore.open(store != null ? java.nio.file.Path.of(store) : ImageStore.defaultRoot());
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
  }

  public static void main(String[] args) {
    io.jaci.core.Timing.mark("main");
    BundledSqlite.useIfPresent();
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs jaci with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Main main = new Main();
    String command = CommandTree.commandName(List.of(args));
    if (command.equals("run")) {
      main.runStart = RunStart.begin();
    } else if (STORE_COMMANDS.contains(command)) {
      // the store and the render path, loaded on a second core while picocli parses
      Thread preload = new Thread(RenderPreload::run, "jaci-preload");
      preload.setDaemon(true);
      preload.start();
    }
    try {
      return execute(main, args, out, err);
    } finally {
      if (main.runStart != null) {
        main.runStart.close();
      }
    }
  }

  private static int execute(Main main, String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(main);
    COMMANDS.addSubcommands(cli, List.of(args));
    CommandLine run = cli.getSubcommands().get("run");
    if (run != null) {
      // everything from the first image on is the images' own (RunArguments)
      run.setStopAtPositional(true);
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
        ? EXIT_USAGE : EXIT_FAILURE);
    cli.setParameterExceptionHandler((e, a) -> {
      err.println("jaci: " + ShortText.cut(e.getMessage(), ShortText.MAX_MESSAGE) + " (see '"
          + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return EXIT_USAGE;
    });
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      if (main.debug) {
        e.printStackTrace(err);
      }
      // the last guard: whatever a message quotes from the input, it stays one short line
      err.println("jaci: " + ShortText.cut(describe(e), ShortText.MAX_MESSAGE));
      return e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_FAILURE;
    });
    return cli.execute(args);
  }

  private static String describe(Exception e) {
    if (e instanceof JaciException || e instanceof CommandLine.ParameterException
        || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    String m = e.getMessage();
    return "internal error: " + e.getClass().getSimpleName() + (m != null ? ": " + m : "")
        + " (run with --debug for details)";
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"jaci " + (v != null ? v : "(development build)")};
    }
  }
}
