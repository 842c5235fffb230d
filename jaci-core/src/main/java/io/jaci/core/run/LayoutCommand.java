package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs one command in an image layout's rootfs in place (no overlay: what it changes lands in
 * {@code DIR/rootfs}), the way a Dockerfile's {@code RUN} step needs it, and gives back its
 * exit code (128+N when killed by signal N). Its standard streams are jaci's. The pod it runs
 * in is removed afterwards.
 *
 * <pre>{@code
 * int code = LayoutCommand.in(layout, podsDirectory)
 *     .command(List.of("/bin/sh", "-c", "apk add curl"))
 *     .environment(List.of("HTTP_PROXY=..."))
 *     .user("0", "0").workingDirectory("/").net(NetMode.HOST)
 *     .run();
 * }</pre>
 */
public final class LayoutCommand {
  private final Path layout;
  private final Path pods;
  private List<String> command = List.of();
  private List<String> environment = List.of();
  private String user = "0";
  private String group = "0";
  private List<Long> additionalGids;
  private String workingDirectory = "/";
  private final List<BindMount> mounts = new ArrayList<>();
  private NetMode net = NetMode.HOST;
  private Runtime runtime;
  private Consumer<String> warnings = w -> {};

  private LayoutCommand(Path layout, Path pods) {
    this.layout = layout.toAbsolutePath().normalize();
    this.pods = pods;
  }

  /** A command in {@code layout}'s rootfs; the pod is kept in {@code podsDirectory} meanwhile. */
  public static LayoutCommand in(Path layout, Path podsDirectory) {
    return new LayoutCommand(layout, Objects.requireNonNull(podsDirectory));
  }

  /** The command and its arguments (required). */
  public LayoutCommand command(List<String> value) {
    this.command = List.copyOf(value);
    return this;
  }

  /** {@code K=V} entries, exactly the process's environment (PATH is added if missing). */
  public LayoutCommand environment(List<String> value) {
    this.environment = List.copyOf(value);
    return this;
  }

  /** User and group: names from the rootfs's /etc/passwd and /etc/group, numbers, or /paths. */
  public LayoutCommand user(String userValue, String groupValue) {
    this.user = Objects.requireNonNull(userValue);
    this.group = Objects.requireNonNull(groupValue);
    return this;
  }

  /**
   * Exactly the process's additional groups (default: the groups of the rootfs's /etc/group
   * that list the user, as {@code jaci run} adds them).
   */
  public LayoutCommand additionalGids(List<Long> value) {
    this.additionalGids = List.copyOf(value);
    return this;
  }

  public LayoutCommand workingDirectory(String value) {
    this.workingDirectory = Objects.requireNonNull(value);
    return this;
  }

  /** Binds a host path (which must exist) into the rootfs. */
  public LayoutCommand mount(BindMount value) {
    mounts.add(Objects.requireNonNull(value));
    return this;
  }

  public LayoutCommand net(NetMode value) {
    this.net = Objects.requireNonNull(value);
    return this;
  }

  /** The OCI runtime (default: runc from PATH). */
  public LayoutCommand runtime(Runtime value) {
    this.runtime = value;
    return this;
  }

  public LayoutCommand warnings(Consumer<String> value) {
    this.warnings = Objects.requireNonNull(value);
    return this;
  }

  /** Runs the command to its end; returns its exit code. */
  public int run() throws JaciException {
    Path rootfs = layout.resolve("rootfs");
    if (!Files.isDirectory(rootfs)) {
      throw new JaciException(layout + ": not an image layout (no rootfs/ directory)");
    }
    List<String> env = new ArrayList<>(environment);
    if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
      env.add(0, "PATH=" + AppEnvironment.DEFAULT_PATH);
    }
    AppIdentity id = ImageUsers.read(rootfs).resolve(user, group, List.of());
    IsolatorSettings isolators = IsolatorMapping.map(List.of(), ResourceOverrides.NONE,
        ProbeEnvironment.probe(), net != NetMode.HOST);
    UUID uuid = UUID.randomUUID();
    AppSpec app = new AppSpec(AcName.parse("run"), layout.toString(),
        AppSpec.RootfsSource.inPlace(rootfs), command, env, (int) id.uid(), (int) id.gid(),
        (additionalGids != null ? additionalGids : id.additionalGids()).stream()
            .map(Long::intValue).toList(), workingDirectory, mounts,
        false, List.of(), List.of(), isolators);
    PodSpec pod = new PodSpec(uuid, List.of(app), List.of(), net, PodSpec.defaultHostname(uuid),
        List.of(), List.of(), List.of(), false);
    Runtime rt = runtime != null ? runtime : Runc.find(null);
    try {
      return PodRunner.of(pods, rt).warnings(warnings).run(pod).exitCode();
    } finally {
      PodCleanup.remove(PodDirectory.of(pods, uuid));
    }
  }
}
