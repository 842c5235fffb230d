package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.Timing;
import io.jaci.core.diff.Owner;
import io.jaci.core.docker.DockerConfigAnnotations;
import io.jaci.core.docker.RootfsConfigMapping;
import io.jaci.core.run.AppIdentity;
import io.jaci.core.run.ImageUsers;
import io.jaci.core.spec.ImageId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the instructions of one stage: metadata instructions change its {@link StageConfig};
 * each filesystem step ({@code RUN}, {@code COPY}, {@code ADD}, {@code WORKDIR}) is looked up
 * in the step cache by its key (the parent image, the expanded instruction, the visible
 * variables, the content it reads) and, when missing, runs in a layout begun over the parent
 * and ends in a diff image.
 */
final class StageBuilder {
  private final BuildSession session;
  private final Stage stage;
  private final StepExpander expander;
  private ImageId current;
  private StageConfig config;
  private StageScope scope;
  private Path layout;
  private ImageId layoutImage;
  private boolean cmdSet;
  private int filesystemSteps;

  StageBuilder(BuildSession session, Stage stage, ImageId base, StageConfig baseConfig) {
    this.session = session;
    this.stage = stage;
    this.expander = session.dockerfile().expander();
    this.current = base;
    this.config = baseConfig;
    this.scope = session.args().stageScope(baseConfig.env);
  }

  /** What a stage gives: its last image, its config, and a layout holding its tree if any. */
  record Result(ImageId image, StageConfig config, Path layout, int filesystemSteps) {}

  Result build(List<Instruction> triggers) throws JaciException {
    List<Instruction> all = new ArrayList<>(triggers);
    all.addAll(stage.instructions());
    config.onbuild = new ArrayList<>(); // triggers run once, in the image built FROM it
    for (Instruction i : all) {
      Instruction step = expander.expand(i, scope::value);
      try {
        apply(step);
      } catch (DockerfileException e) {
        throw e.at(step.line());
      } catch (JaciException e) { // a download, a stage or image, a mount: said at its line
        DockerfileException d = new DockerfileException(step.line(), e.getMessage());
        d.initCause(e);
        throw d;
      }
      scope = scope.after(step);
      config.env.clear();
      config.env.putAll(scope.environment());
    }
    return new Result(current, config, layoutImage != null && layoutImage.equals(current)
        ? layout : null, filesystemSteps);
  }

  private void apply(Instruction step) throws JaciException {
    if (step instanceof Instruction.Run r) {
      RunStep run = new RunStep(session, r, config, scope);
      filesystemStep(step, run::key, run::run);
    } else if (step instanceof Instruction.Copy c) {
      CopyStep copy = CopyStep.of(session, c);
      filesystemStep(step, copy::key, (dir, owners) -> copy.apply(dir, config.workdir, owners));
    } else if (step instanceof Instruction.Add a) {
      CopyStep add = CopyStep.of(session, a);
      filesystemStep(step, add::key, (dir, owners) -> add.apply(dir, config.workdir, owners));
    } else if (step instanceof Instruction.Workdir w) {
      config.workdir = CopyPlan.imagePath(w.path(), config.workdir);
      String dir = config.workdir;
      String user = config.user;
      filesystemStep(step, () -> "WORKDIR " + dir + " " + user, (d, owners) -> {
        Path rootfs = d.resolve("rootfs");
        long[] owner = workdirOwner(rootfs, user);
        RootfsWriter writer = RootfsWriter.into(rootfs, owner[0], owner[1]);
        writer.directory(dir, 0755);
        owners.putAll(writer.owners());
      });
    } else {
      session.listener().step(stage, step, false);
      metadata(step);
    }
  }

  private void metadata(Instruction step) {
    if (step instanceof Instruction.User u) {
      config.user = u.user();
    } else if (step instanceof Instruction.Cmd c) {
      config.cmd = c.command().argv(config.shell);
      cmdSet = true;
    } else if (step instanceof Instruction.Entrypoint e) {
      config.entrypoint = e.command().argv(config.shell);
      if (!cmdSet) {
        config.cmd = List.of();
      }
    } else if (step instanceof Instruction.Shell s) {
      config.shell = s.shell();
    } else if (step instanceof Instruction.Expose e) {
      for (String word : e.ports()) {
        for (String p : word.trim().split("\\s+")) {
          if (!p.isEmpty()) {
            config.exposed.add(p.contains("/") ? p : p + "/tcp");
          }
        }
      }
    } else if (step instanceof Instruction.Volume v) {
      config.volumes.addAll(v.paths());
    } else if (step instanceof Instruction.Label l) {
      l.labels().forEach(kv -> config.labels.put(kv.key(), kv.value()));
    } else if (step instanceof Instruction.StopSignal s) {
      config.stopSignal = s.signal();
    } else if (step instanceof Instruction.Healthcheck h) {
      config.healthcheck = healthcheck(h);
    } else if (step instanceof Instruction.Onbuild o) {
      config.onbuild.add(o.expression());
    } else if (step instanceof Instruction.Maintainer m) {
      config.author = m.name();
    }
    // ENV and ARG change the scope (StageScope.after); FROM does not occur here
  }

  /** Docker's Healthcheck config. */
  private static DockerConfigAnnotations.Healthcheck healthcheck(Instruction.Healthcheck h) {
    List<String> test = new ArrayList<>();
    if (h.command() == null) {
      test.add("NONE");
    } else {
      test.add(h.command().execForm() ? "CMD" : "CMD-SHELL");
      test.addAll(h.command().args());
    }
    return new DockerConfigAnnotations.Healthcheck(test, nanos(h.interval()),
        nanos(h.timeout()), nanos(h.startPeriod()), nanos(h.startInterval()), h.retries());
  }

  private static long nanos(java.time.Duration d) {
    return d == null ? 0 : d.toNanos();
  }

  /** What makes a step's cache key: computed before it runs. */
  @FunctionalInterface
  interface KeyPart {
    String get() throws JaciException;
  }

  /** What a step does in a begun layout; it notes owners the disk cannot hold. */
  @FunctionalInterface
  interface LayoutAction {
    void apply(Path layout, Map<String, Owner> owners) throws JaciException;
  }

  private void filesystemStep(Instruction step, KeyPart part, LayoutAction action)
      throws JaciException {
    filesystemSteps++;
    String key = StepImages.key(current.toString(), keyText(step),
        new TreeMap<>(scope.runEnvironment()).toString(), part.get());
    Timing.mark("dockerfile: key of line " + step.line());
    StepImages images = session.images();
    if (!session.noCache()) {
      java.util.Optional<ImageId> hit = images.cached(key);
      Timing.mark("dockerfile: step cache looked up");
      if (hit.isPresent()) {
        session.listener().step(stage, step, true);
        current = hit.get();
        return;
      }
    }
    session.listener().step(stage, step, false);
    // the layout of the last step goes on (it is begun over its image); else a new one
    boolean goOn = layout != null && current.equals(layoutImage);
    Path dir = goOn ? layout : images.begin(current);
    if (!goOn) {
      StepImages.remove(layout);
      layout = dir;
    }
    layoutImage = null; // changing from here on: no stage's tree until the step's image is made
    Map<String, Owner> owners = new TreeMap<>();
    action.apply(dir, owners);
    Timing.mark("dockerfile: step done in the layout");
    ImageId made = images.build(dir, owners);
    images.remember(key, made);
    current = made;
    layoutImage = made;
  }

  /** The expanded instruction without its line number (a comment above it changes nothing). */
  static String keyText(Instruction step) {
    return step.toString().replaceFirst("line=\\d+, ", "");
  }

  /**
   * The numeric owner a {@code --chown=user[:group]} names in the rootfs, as BuildKit's file
   * operations resolve it: a user name alone gives its primary group from /etc/passwd, a number
   * alone the same number as group.
   */
  static long[] chown(Path rootfs, String chown) throws JaciException {
    if (chown == null || chown.isEmpty()) {
      return new long[] {0, 0};
    }
    int colon = chown.indexOf(':');
    String user = colon < 0 ? chown : chown.substring(0, colon);
    ImageUsers users = ImageUsers.read(rootfs);
    AppIdentity u = users.resolve(user, "0", List.of());
    if (colon >= 0) {
      AppIdentity g = users.resolve("0", chown.substring(colon + 1), List.of());
      return new long[] {u.uid(), g.gid()};
    }
    if (user.chars().allMatch(Character::isDigit)) {
      return new long[] {u.uid(), u.uid()};
    }
    String primary = RootfsConfigMapping.user(user, rootfs)[1];
    if (!primary.chars().allMatch(Character::isDigit) || primary.isEmpty()
        || primary.length() > 10) {
      throw new JaciException("user \"" + user + "\": its primary group in the image's "
          + "/etc/passwd is not a number; give --chown=USER:GROUP");
    }
    return new long[] {u.uid(), Long.parseLong(primary)};
  }

  /**
   * The owner of the directories a WORKDIR creates: the stage's USER resolved as {@link #chown}
   * does (BuildKit's mkdir with the user), root when there is none or it does not resolve (as
   * BuildKit, which leaves it to the RUN that uses it to fail).
   */
  static long[] workdirOwner(Path rootfs, String user) throws JaciException {
    try {
      return chown(rootfs, user);
    } catch (JaciException e) {
      return new long[] {0, 0};
    }
  }

  /** What a {@code --chmod} value (octal or symbolic, or null) makes of modes. */
  static FileMode chmod(String chmod) throws JaciException {
    try {
      return FileMode.parse(chmod);
    } catch (IllegalArgumentException e) {
      throw new JaciException(e.getMessage());
    }
  }

  static boolean exists(Path p) {
    return Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }
}
