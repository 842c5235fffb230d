package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.Timing;
import io.jaci.core.io.IoMessages;
import io.jaci.core.render.TreeOwners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Runs a pod to its end: writes the apps' runtime configs and the holder script under
 * {@code STORE/pods/UUID}, starts the holder with {@code unshare} (a user namespace too when
 * jaci is not root), passes its own standard input, output and error to the apps, forwards
 * SIGINT and SIGTERM, and records the apps' exit codes. The pod's exit code is the first
 * non-zero app exit code (in the pod's app order), 128+N for an app killed by signal N.
 */
public final class PodRunner {
  private final Path pods;
  private final Runtime runtime;
  private Consumer<String> warnings = w -> {};
  private PodNetworkHook network;
  private Output output;

  /**
   * Where the apps' standard output and error go instead of jaci's own streams: copied there
   * as they come, and closed when the pod ends.
   */
  public record Output(java.io.OutputStream out, java.io.OutputStream err) {
    public Output {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(err, "err");
    }
  }

  private PodRunner(Path pods, Runtime runtime) {
    this.pods = pods;
    this.runtime = runtime;
  }

  /** A runner keeping pods in {@code podsDirectory} ({@code STORE/pods}). */
  public static PodRunner of(Path podsDirectory, Runtime runtime) {
    return new PodRunner(podsDirectory, Objects.requireNonNull(runtime));
  }

  /** Where warnings go (each one line, said once per run). */
  public PodRunner warnings(Consumer<String> value) {
    this.warnings = Objects.requireNonNull(value);
    return this;
  }

  /**
   * Something to set up in the pod's namespaces before the apps start (the private network,
   * the metadata relay); without it a pod's apps start at once.
   */
  public PodRunner network(PodNetworkHook value) {
    this.network = value;
    return this;
  }

  /** Copies the apps' output to {@code value}'s streams (default: the apps have jaci's). */
  public PodRunner output(Output value) {
    this.output = value;
    return this;
  }

  /** The result of a pod: its exit code and the state recorded for it. */
  public record Result(int exitCode, PodState state) {}

  /** Runs {@code pod} in the foreground; returns when every app has exited. */
  public Result run(PodSpec pod) throws JaciException {
    PodDirectory dir = PodDirectory.of(pods, pod.uuid());
    IdMapping ids = IdMapping.ofThisUser();
    Timing.mark("id mapping known");
    List<String> holder = prepare(dir, pod, ids);
    Timing.mark("pod prepared (bundles, script)");
    PodState state = initialState(pod);
    try {
      state.write(dir.state());
      Instant started = Instant.now();
      state = state.with(PodState.RUNNING, Optional.of(started), Optional.empty(),
          ProcessHandle.current().pid(), OptionalInt.empty(), state.apps());
      state.write(dir.state());
      int holderStatus = HolderProcess.run(holder, dir, network, output);
      Timing.mark("holder exited");
      state = finish(dir, state, holderStatus);
      state.write(dir.state());
      Timing.mark("state recorded");
      return new Result(state.exitCode().orElse(1), state);
    } catch (IOException e) {
      throw new JaciException("pod " + pod.uuid() + ": " + IoMessages.describe(e), e);
    }
  }

  private List<String> prepare(PodDirectory dir, PodSpec pod, IdMapping ids)
      throws JaciException {
    Path unshare = ToolOnPath.require("unshare", "util-linux", "jaci run");
    String hostname = ToolOnPath.require("hostname", "hostname", "jaci run").toString();
    String ip = null;
    if (pod.net().ownNamespace()) {
      ip = ToolOnPath.require("ip", "iproute2", "jaci run").toString();
    }
    if (pod.net() == NetMode.PRIVATE && network == null) {
      throw new JaciException("--net private needs a network hook (PodRunner.network)");
    }
    try {
      Files.createDirectories(pods);
      Files.createDirectory(dir.path());
      Files.createDirectories(dir.runtimeState());
      for (Volume v : pod.volumes()) {
        if (v.kind() == Volume.Kind.EMPTY) {
          EmptyVolumes.create(dir.volume(v.name().toString()), v, ids.root());
        }
      }
      // the trees in use, which image gc keeps while the pod lives (Pods.treesInUse)
      StringBuilder trees = new StringBuilder();
      pod.apps().stream().filter(a -> a.rootfs() instanceof AppSpec.Overlay)
          .forEach(a -> trees.append(((AppSpec.Overlay) a.rootfs()).lower()).append('\n'));
      Files.writeString(dir.trees(), trees);
      boolean foreignOwners = false;
      for (AppSpec app : pod.apps()) {
        AppBundles.write(dir, pod, app, !ids.root());
        if (!ids.root() && app.rootfs() instanceof AppSpec.Overlay o) {
          foreignOwners |= ids.single() ? !TreeOwners.of(o.lower()).isEmpty()
              : TreeOwnership.write(dir.app(app.name().toString()), o.lower());
        }
        if (!ids.root() && !ids.single() && app.rootfs() instanceof AppSpec.InPlace p
            && p.keepOwners()) {
          TreeOwnership.write(dir.app(app.name().toString()), p.owners());
          TreeOwnership.keep(dir.app(app.name().toString()));
        }
      }
      if (ids.single() && (foreignOwners || pod.apps().stream().anyMatch(a -> a.uid() != 0
          || a.gid() != 0 || !a.supplementaryGids().isEmpty()))) {
        warnings.accept(IdMapping.singleMappingCost());
      }
      Files.writeString(dir.script(), new PodScript(dir, pod, runtime, ip, hostname, network != null).text());
    } catch (IOException e) {
      throw new JaciException("preparing pod " + pod.uuid() + ": " + IoMessages.describe(e), e);
    }
    List<String> cmd = new ArrayList<>();
    if (!pod.interactive()) {
      // its own session: a terminal's ^C reaches jaci only, which forwards it once
      cmd.add(ToolOnPath.require("setsid", "util-linux", "jaci run").toString());
    }
    cmd.add(unshare.toString());
    cmd.addAll(ids.unshareOptions());
    cmd.addAll(List.of("--mount", "--pid", "--fork", "--kill-child", "--ipc", "--uts"));
    if (pod.net().ownNamespace()) {
      cmd.add("--net");
    }
    cmd.addAll(List.of("/bin/sh", dir.script().toString()));
    return cmd;
  }

  private static PodState initialState(PodSpec pod) {
    List<PodState.AppState> apps = pod.apps().stream().map(a -> new PodState.AppState(
        a.name().toString(), a.image(), OptionalInt.empty(), Optional.empty())).toList();
    return new PodState(pod.uuid(), PodState.PREPARING, Instant.now(), Optional.empty(),
        Optional.empty(), ProcessHandle.current().pid(), pod.net().name().toLowerCase(),
        OptionalInt.empty(), apps);
  }

  /** Reads the apps' exit codes; the pod's is the first non-zero one. */
  static PodState finish(PodDirectory dir, PodState state, int holderStatus) {
    List<PodState.AppState> apps = new ArrayList<>();
    int code = 0;
    for (PodState.AppState a : state.apps()) {
      OptionalInt exit = AppBundles.exitCode(dir, a.name());
      Optional<Instant> exited = AppBundles.exitTime(dir, a.name());
      apps.add(new PodState.AppState(a.name(), a.image(), exit, exited));
      int c = exit.orElse(holderStatus != 0 ? holderStatus : 1);
      if (code == 0 && c != 0) {
        code = c;
      }
    }
    return state.with(PodState.EXITED, state.started(), Optional.of(Instant.now()), 0,
        OptionalInt.of(code), apps);
  }
}
