package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.Timing;
import io.jaci.core.diff.Owner;
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
      apply(step);
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
      filesystemStep(step, run::key, (dir, owners) -> run.run(dir));
    } else if (step instanceof Instruction.Copy c) {
      CopyStep copy = CopyStep.of(session, c);
      filesystemStep(step, copy::key, (dir, owners) -> copy.apply(dir, config.workdir, owners));
    } else if (step instanceof Instruction.Add a) {
      CopyStep add = CopyStep.of(session, a);
      filesystemStep(step, add::key, (dir, owners) -> add.apply(dir, config.workdir, owners));
    } else if (step instanceof Instruction.Workdir w) {
      config.workdir = CopyPlan.imagePath(w.path(), config.workdir);
      String dir = config.workdir;
      filesystemStep(step, () -> "WORKDIR " + dir + " " + config.user,
          (d, owners) -> RootfsWriter.into(d.resolve("rootfs"), 0, 0).directory(dir, 0755));
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

  /** Docker's Healthcheck config as JSON ({@code Test}, durations in nanoseconds). */
  private static String healthcheck(Instruction.Healthcheck h) {
    Map<String, Object> m = new TreeMap<>();
    if (h.command() == null) {
      m.put("Test", List.of("NONE"));
    } else {
      List<String> test = new ArrayList<>();
      test.add(h.command().execForm() ? "CMD" : "CMD-SHELL");
      test.addAll(h.command().args());
      m.put("Test", test);
    }
    putDuration(m, "Interval", h.interval());
    putDuration(m, "Timeout", h.timeout());
    putDuration(m, "StartPeriod", h.startPeriod());
    putDuration(m, "StartInterval", h.startInterval());
    if (h.retries() > 0) {
      m.put("Retries", h.retries());
    }
    return StageConfig.json(m);
  }

  private static void putDuration(Map<String, Object> m, String name, java.time.Duration d) {
    if (d != null) {
      m.put(name, d.toNanos());
    }
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

  /** The numeric owner a {@code --chown=user[:group]} names in the rootfs. */
  static long[] chown(Path rootfs, String chown) throws JaciException {
    if (chown == null) {
      return new long[] {0, 0};
    }
    int colon = chown.indexOf(':');
    String user = colon < 0 ? chown : chown.substring(0, colon);
    ImageUsers users = ImageUsers.read(rootfs);
    AppIdentity u = users.resolve(user, "0", List.of());
    if (colon < 0) {
      return new long[] {u.uid(), u.uid()}; // Docker: no group means the UID's number
    }
    AppIdentity g = users.resolve("0", chown.substring(colon + 1), List.of());
    return new long[] {u.uid(), g.gid()};
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
