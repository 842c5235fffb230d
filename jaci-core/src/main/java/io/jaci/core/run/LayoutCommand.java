package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcName;
import io.jaci.core.io.IoMessages;
import io.jaci.core.render.TreeOwners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs one command in an image layout's rootfs in place (no overlay: what it changes lands in
 * {@code DIR/rootfs}), the way a Dockerfile's {@code RUN} step needs it, and gives back its
 * exit code (128+N when killed by signal N). Its standard streams are jaci's; with
 * {@link #keepTail} its output is copied to jaci's as it comes and its last lines are kept
 * for an error message ({@link #tail()}). The pod it runs in is removed afterwards.
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
  private List<TreeOwners.Entry> owners = List.of();
  private List<TreeOwners.Entry> ownersAfter = List.of();
  private int tailLines;
  private OutputTail tail;

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

  /**
   * The owners (and modes) the image gives files that the disk holds as the user's own, as
   * in a layout a normal user began ({@code BegunDirectory#foreignOwners}): without root,
   * with subordinate ID ranges, they are given to the files in the pod before the command
   * starts, so that it sees them (an owner outside the ranges cannot be given and stays
   * root's in the pod). As root the disk holds them already.
   */
  public LayoutCommand owners(List<TreeOwners.Entry> value) {
    this.owners = List.copyOf(value);
    return this;
  }

  /**
   * After {@link #run}, without root but with subordinate ID ranges: the owner in the pod of
   * every file that was not root's there when the command ended, and root for each file of
   * {@link #owners} the command gave back to root. The disk holds all of them as the user's
   * own again (their setuid and setgid bits kept), so that the user can read and remove the
   * tree. Empty as root, or when only the user is mapped: the disk's owners are the image's.
   */
  public List<TreeOwners.Entry> ownersAfter() {
    return ownersAfter;
  }

  /**
   * Keeps the last {@code lines} lines of the command's output (standard output and error as
   * they came), still shown on jaci's standard output and error as they come.
   */
  public LayoutCommand keepTail(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("keepTail(" + lines + "): at least 1 line");
    }
    this.tailLines = lines;
    return this;
  }

  /** The last lines of the output of the last {@link #run()} ({@link #keepTail}), or none. */
  public List<String> tail() {
    return tail == null ? List.of() : tail.lines();
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
    IdMapping ids = IdMapping.ofThisUser();
    boolean keep = !ids.root() && !ids.single();
    List<TreeOwners.Entry> given = keep ? owners.stream().filter(e -> mapped(ids, e)).toList()
        : List.of();
    AppSpec.RootfsSource source = keep ? AppSpec.RootfsSource.inPlaceKeepingOwners(rootfs, given)
        : AppSpec.RootfsSource.inPlace(rootfs);
    AppSpec app = new AppSpec(AcName.parse("run"), layout.toString(),
        source, command, env, (int) id.uid(), (int) id.gid(),
        (additionalGids != null ? additionalGids : id.additionalGids()).stream()
            .map(Long::intValue).toList(), workingDirectory, mounts,
        false, List.of(), List.of(), isolators);
    PodSpec pod = new PodSpec(uuid, List.of(app), List.of(), net, PodSpec.defaultHostname(uuid),
        List.of(), List.of(), List.of(), false);
    Runtime rt = runtime != null ? runtime : Runc.find(null);
    PodDirectory dir = PodDirectory.of(pods, uuid);
    PodRunner runner = PodRunner.of(pods, rt).warnings(warnings);
    if (tailLines > 0) {
      tail = OutputTail.of(tailLines);
      runner.output(new PodRunner.Output(
          tail.tee(new java.io.FileOutputStream(java.io.FileDescriptor.out)),
          tail.tee(new java.io.FileOutputStream(java.io.FileDescriptor.err))));
    }
    try {
      int code = runner.run(pod).exitCode();
      if (keep && code == 0) { // after a failure, only the disk's owners matter (removal)
        ownersAfter = withGivenBack(given, TreeOwnership.kept(dir.app(app.name().toString())));
      }
      return code;
    } catch (IOException e) {
      throw new JaciException(layout + ": " + IoMessages.describe(e), e);
    } finally {
      PodCleanup.remove(dir);
    }
  }

  /** Whether the pod's user namespace maps the entry's owner (0, or 1.. within the ranges). */
  private static boolean mapped(IdMapping ids, TreeOwners.Entry e) {
    return e.uid() <= ids.uids().map(IdMapping.Range::count).orElse(0L)
        && e.gid() <= ids.gids().map(IdMapping.Range::count).orElse(0L);
  }

  private static List<TreeOwners.Entry> withGivenBack(List<TreeOwners.Entry> given,
      List<TreeOwners.Entry> found) {
    Map<String, TreeOwners.Entry> out = new LinkedHashMap<>();
    for (TreeOwners.Entry e : given) {
      out.put(e.path(), new TreeOwners.Entry(e.path(), 0, 0, e.mode(), e.symlink()));
    }
    for (TreeOwners.Entry e : found) {
      out.put(e.path(), e);
    }
    return List.copyOf(out.values());
  }
}
