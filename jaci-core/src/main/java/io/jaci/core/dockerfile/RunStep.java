package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.diff.BegunDirectory;
import io.jaci.core.diff.Owner;
import io.jaci.core.docker.RootfsConfigMapping;
import io.jaci.core.render.TreeOwners;
import io.jaci.core.run.AppIdentity;
import io.jaci.core.run.BindMount;
import io.jaci.core.run.ImageUsers;
import io.jaci.core.run.LayoutCommand;
import io.jaci.core.run.NetMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code RUN} step: its argv (the shell form through the stage's {@code SHELL}, here-documents
 * given to the shell), user, working directory, network and {@code --mount}s, run in place in
 * a begun layout through the runner ({@link LayoutCommand}).
 */
final class RunStep {
  /** How many of a failing step's last output lines its error shows. */
  static final int TAIL_LINES = 10;

  private final BuildSession session;
  private final Instruction.Run run;
  private final StageConfig config;
  private final StageScope scope;

  RunStep(BuildSession session, Instruction.Run run, StageConfig config, StageScope scope) {
    this.session = session;
    this.run = run;
    this.config = config;
    this.scope = scope;
  }

  /** The argv the step runs. */
  List<String> argv() {
    Command c = run.command();
    if (c.execForm() || run.heredocs().isEmpty()) {
      return c.argv(config.shell);
    }
    String text = c.text().strip();
    if (run.heredocs().size() == 1 && text.matches("\\d*<<-?[\"']?\\Q"
        + run.heredocs().get(0).name() + "\\E[\"']?")) {
      List<String> argv = new ArrayList<>(config.shell); // the document is the script
      argv.add(run.heredocs().get(0).content());
      return argv;
    }
    StringBuilder script = new StringBuilder(c.text()).append('\n');
    for (Heredoc h : run.heredocs()) {
      script.append(h.content()).append(h.name()).append('\n');
    }
    List<String> argv = new ArrayList<>(config.shell);
    argv.add(script.toString());
    return argv;
  }

  /** What the cache key sees beyond the instruction: argv, user, directory, bound content. */
  String key() throws JaciException {
    StringBuilder k = new StringBuilder(StageConfig.json(argv())).append(' ')
        .append(config.user).append(' ').append(config.workdir).append(' ')
        .append(network());
    for (RunMount m : run.mounts()) {
      if (m.type() == RunMount.Type.BIND) {
        BuildContext from = m.from() == null ? session.context() : session.contextOf(m.from());
        String src = m.source() == null ? "." : m.source();
        CopyPlan plan = CopyPlan.of(from, List.of(src), "/mnt/", "/", List.of(), false,
            p -> false);
        k.append(" bind:").append(m.from() == null ? session.contextHash(plan) : plan.hash());
      } else if (m.type() == RunMount.Type.CACHE && m.from() != null) {
        // as BuildKit's, whose mount takes the stage as input: the stage's image, not its tree
        k.append(" cache-from:").append(session.imageOf(m.from()));
      }
    }
    return k.toString();
  }

  private NetMode network() {
    String n = run.network();
    if (n == null || n.equals("default")) {
      return session.network();
    }
    return n.equals("none") ? NetMode.NONE : NetMode.HOST;
  }

  /**
   * Runs the step in {@code layout}, its output streamed to jaci's; a non-zero exit is one
   * error line with its command and exit code, and the last lines of its output. Without
   * root, the owners the disk cannot hold are given to the files in the pod, and those the
   * command leaves are noted in {@code owners}.
   */
  void run(Path layout, Map<String, Owner> owners) throws JaciException {
    Path rootfs = layout.resolve("rootfs");
    RootfsWriter.into(rootfs, 0, 0).directory(config.workdir, 0755);
    List<String> env = new ArrayList<>();
    for (Map.Entry<String, String> e : scope.runEnvironment().entrySet()) {
      env.add(e.getKey() + "=" + e.getValue());
    }
    String user = "0";
    String group = "0";
    if (!config.user.isEmpty()) {
      String[] ids = RootfsConfigMapping.user(config.user, rootfs);
      user = ids[0];
      group = ids[1];
    }
    List<Path> temporary = new ArrayList<>();
    Map<String, CacheMounts.Lease> caches = new java.util.LinkedHashMap<>();
    List<String> targets = new ArrayList<>(List.of("/dev", "/proc", "/sys"));
    LayoutCommand command = LayoutCommand.in(layout, session.pods()).command(argv())
        .environment(env).user(user, group)
        .additionalGids(additionalGids(config.user, user, group, rootfs))
        .workingDirectory(config.workdir).net(network())
        .warnings(session.listener()::warning).keepTail(TAIL_LINES)
        .owners(BegunDirectory.open(layout).foreignOwners());
    if (session.runtime() != null) {
      command.runtime(session.runtime());
    }
    try {
      for (RunMount m : run.mounts()) {
        BindMount b = mount(m, temporary, caches);
        if (b != null) {
          command.mount(b);
          targets.add(b.target());
        }
      }
      List<Path> madeByRun = missing(rootfs, targets);
      int code;
      try {
        code = command.run();
      } finally {
        removeEmpty(madeByRun);
      }
      if (code != 0) {
        List<String> tail = command.tail();
        throw new RunFailedException(run.line(), "RUN " + shortText(run.command().text())
            + ": exit code " + code + "; no image was written" + (tail.isEmpty()
            ? " (it wrote no output)" : "; the last lines of its output follow"), code, tail);
      }
      for (TreeOwners.Entry e : command.ownersAfter()) {
        owners.put(e.path(), new Owner(e.uid(), e.gid()));
      }
    } finally {
      caches.values().forEach(CacheMounts.Lease::close);
      temporary.forEach(StepImages::remove);
    }
  }

  /**
   * The additional groups of a RUN as BuildKit gives them (its executor's GetUser through
   * runc's GetExecUser, then containerd's ensureAdditionalGids, the CVE-2023-25173 fix): the
   * primary group first, then, when {@code dockerUser} names no group, the groups of the image's
   * /etc/group that list the user, which {@code jaci run} adds too.
   *
   * @param user {@code dockerUser}'s user resolved in the rootfs (a number)
   * @param group its group likewise
   */
  static List<Long> additionalGids(String dockerUser, String user, String group, Path rootfs)
      throws JaciException {
    AppIdentity id = ImageUsers.read(rootfs).resolve(user, group, List.of());
    List<Long> gids = new ArrayList<>(List.of(id.gid()));
    if (!dockerUser.contains(":")) {
      gids.addAll(id.additionalGids());
    }
    return gids;
  }

  /**
   * The host paths of the mount points (and their parents) the runner will create because
   * the rootfs lacks them, deepest first: they are no part of what the step changes.
   */
  private static List<Path> missing(Path rootfs, List<String> targets) throws JaciException {
    java.util.TreeSet<Path> out = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
    for (String t : targets) {
      try {
        Path p = io.jaci.core.run.RootfsPaths.resolve(rootfs, t);
        for (; p.startsWith(rootfs) && !p.equals(rootfs); p = p.getParent()) {
          if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            out.add(p);
          }
        }
      } catch (java.io.IOException e) {
        throw new JaciException(t + ": " + io.jaci.core.io.IoMessages.describe(e), e);
      }
    }
    return List.copyOf(out);
  }

  private static void removeEmpty(List<Path> paths) {
    for (Path p : paths) {
      try {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          try (var s = Files.list(p)) {
            if (s.findAny().isPresent()) {
              continue; // the command put something there: it stays
            }
          }
        } else if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            || Files.size(p) > 0) {
          continue;
        }
        Files.deleteIfExists(p);
      } catch (java.io.IOException e) {
        // stays in the image, as buildah leaves its mount points
      }
    }
  }

  private static String shortText(String text) {
    String one = text.replace('\n', ' ').strip();
    return one.length() > 120 ? one.substring(0, 117) + "..." : one;
  }

  private BindMount mount(RunMount m, List<Path> temporary,
      Map<String, CacheMounts.Lease> caches) throws JaciException {
    String target = m.target();
    switch (m.type()) {
      case CACHE -> {
        String id = m.id() != null ? m.id() : target;
        CacheStart start = CacheStart.of(session, m, run.line());
        String cache = id + "\n" + start.base(); // one cache twice in a RUN: one directory
        CacheMounts.Lease lease = caches.get(cache);
        if (lease == null) {
          lease = session.cacheMount(id, start.base(), m.sharing(), start::make);
          caches.put(cache, lease);
        }
        return new BindMount(lease.directory(), target, m.readOnly());
      }
      case BIND -> {
        BuildContext from = m.from() == null ? session.context() : session.contextOf(m.from());
        Path src = from.follow(m.source() == null ? "" : m.source(), m.raw());
        if (!Files.exists(src)) {
          throw new DockerfileException(run.line(), "RUN --mount=" + m.raw() + ": the source "
              + "is missing");
        }
        return new BindMount(src, target, true); // writes would land in the context
      }
      case TMPFS -> {
        Path tmp = session.temporaryDirectory();
        temporary.add(tmp);
        return new BindMount(tmp, target, false);
      }
      case SECRET -> {
        String id = m.id() != null ? m.id() : target == null ? null
            : target.substring(target.lastIndexOf('/') + 1);
        Path src = id == null ? null : session.secrets().get(id);
        if (src == null) {
          if (m.required()) {
            throw new DockerfileException(run.line(), "RUN --mount=" + m.raw() + ": no secret "
                + "\"" + id + "\"; give it with --secret id=" + id + ",src=FILE");
          }
          return null;
        }
        return new BindMount(src, target != null ? target : "/run/secrets/" + id, true);
      }
      default -> throw new DockerfileException(run.line(), "RUN --mount=type="
          + m.type().name().toLowerCase(java.util.Locale.ROOT) + " is not supported by jaci");
    }
  }
}
