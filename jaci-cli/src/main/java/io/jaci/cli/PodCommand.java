package io.jaci.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jaci.core.JaciException;
import io.jaci.core.run.PodDirectory;
import io.jaci.core.run.PodState;
import io.jaci.core.run.Pods;
import io.jaci.core.run.Runc;
import io.jaci.core.store.ImageStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pod", mixinStandardHelpOptions = true,
    description = "Manage the pods of 'jaci run' (kept under STORE/pods/UUID).")
final class PodCommand {
  @CommandLine.ParentCommand
  Main main;

  Pods pods() throws JaciException {
    try (ImageStore store = main.openStore()) {
      return Pods.of(PodDirectory.podsOf(store.root()));
    }
  }

  static String line(PodState s) {
    StringBuilder b = new StringBuilder(s.uuid() + "\t" + s.state());
    s.exitCode().ifPresent(c -> b.append("\texit ").append(c));
    for (PodState.AppState a : s.apps()) {
      b.append("\t").append(a.name());
      a.exitCode().ifPresent(c -> b.append("=").append(c));
    }
    return b.toString();
  }

  /** The parent of the pod subcommands. */
  abstract static class Sub {
    @CommandLine.ParentCommand
    PodCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Console console() {
      return new Console(spec, parent.main);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the pods: UUID, state (running, exited, abandoned: its jaci run "
          + "died), exit code, apps with their exit codes.")
  static final class ListCommand extends Sub implements Callable<Integer> {
    @Option(names = "--json", description = "Print a JSON array of the pods' states.")
    boolean json;

    @Override
    public Integer call() throws JaciException {
      List<PodState> all = parent.pods().list();
      PrintWriter out = console().out();
      if (json) {
        ArrayNode a = new ObjectMapper().createArrayNode();
        all.forEach(s -> a.add(s.toJson()));
        out.println(a.toPrettyString());
      } else {
        all.forEach(s -> out.println(line(s)));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Print a pod's state as JSON.")
  static final class StatusCommand extends Sub implements Callable<Integer> {
    @Parameters(paramLabel = "UUID") String uuid;

    @Option(names = "--wait", description = "Wait until the pod has exited.")
    boolean await;

    @Override
    public Integer call() throws JaciException {
      Pods pods = parent.pods();
      PodState s = await ? pods.await(uuid, Duration.ofDays(365)) : pods.status(uuid);
      console().out().println(s.toJson().toPrettyString());
      console().out().flush();
      return 0;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stop a pod: SIGTERM to its apps, SIGKILL after the timeout.")
  static final class StopCommand extends Sub implements Callable<Integer> {
    @Parameters(paramLabel = "UUID") String uuid;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
        description = "How long the apps get to exit (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws JaciException {
      PodState s = parent.pods().stop(uuid, Options.duration(spec, "--timeout", timeout));
      console().out().println(line(s));
      console().out().flush();
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true,
      description = "Remove pods that are not running.")
  static final class RmCommand extends Sub implements Callable<Integer> {
    @Parameters(paramLabel = "UUID", arity = "1..*") List<String> uuids = new ArrayList<>();

    @Override
    public Integer call() throws JaciException {
      Pods pods = parent.pods();
      for (String u : uuids) {
        pods.remove(u);
      }
      return 0;
    }
  }

  @Command(name = "gc", mixinStandardHelpOptions = true,
      description = {"Remove pods that exited more than the grace period ago, and every pod "
          + "whose jaci run was killed (its processes killed first). Prints each UUID removed."})
  static final class GcCommand extends Sub implements Callable<Integer> {
    @Option(names = "--grace-period", paramLabel = "DURATION", defaultValue = "30m",
        description = "Keep exited pods this long, like 90s, 30m, 24h (default: "
            + "${DEFAULT-VALUE}).")
    String gracePeriod;

    @Override
    public Integer call() throws JaciException {
      Duration grace = Options.duration(spec, "--grace-period", gracePeriod);
      for (UUID u : parent.pods().gc(grace)) {
        console().out().println(u);
      }
      console().out().flush();
      return 0;
    }
  }

  @Command(name = "enter", mixinStandardHelpOptions = true,
      description = "Run a command (default /bin/sh) in an app of a running pod.")
  static final class EnterCommand extends Sub implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "UUID") String uuid;

    @Parameters(index = "1..*", paramLabel = "CMD") List<String> command = new ArrayList<>();

    @Option(names = "--app", paramLabel = "NAME", description = "The app (default: the first).")
    String app;

    @Option(names = "--runtime", paramLabel = "PATH") String runtime;

    @Override
    public Integer call() throws JaciException {
      List<String> cmd = parent.pods().enterCommand(uuid, Optional.ofNullable(app), command,
          System.console() != null, Runc.find(runtime));
      try {
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
      } catch (java.io.IOException e) {
        throw new JaciException("entering pod " + uuid + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 130;
      }
    }
  }
}
