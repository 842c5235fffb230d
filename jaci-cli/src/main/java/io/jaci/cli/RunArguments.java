package io.jaci.cli;

import io.jaci.core.run.AppRequest;
import io.jaci.core.run.MountRequest;
import io.jaci.core.run.ResourceOverrides;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The images of {@code jaci run} and their per-app options, rkt style: {@code IMAGE
 * [APP-OPTIONS] [-- ARGS... ---] [IMAGE2 ...]}. An image's arguments follow {@code --} and end
 * at {@code ---} (or at the end of the line). Options given before the first image (in
 * {@link Defaults}) hold for every app; an app's own replace them ({@code --set-env} and
 * {@code --mount} add to them).
 */
final class RunArguments {
  private RunArguments() {}

  /** Options given before the first image, for every app. */
  record Defaults(Optional<String> user, Optional<String> group,
      Optional<List<Integer>> supplementaryGids, List<String> setEnv, List<Path> setEnvFiles,
      boolean inheritEnv, Optional<String> workingDirectory, List<MountRequest> mounts,
      boolean readOnlyRootfs, Optional<String> memory, Optional<String> cpu) {}

  /** Thrown for a usage error, with a one-line message. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static List<AppRequest> parse(List<String> words, Defaults d) throws UsageException {
    List<AppRequest> apps = new ArrayList<>();
    int i = 0;
    while (i < words.size()) {
      String image = words.get(i++);
      if (image.startsWith("-")) {
        throw new UsageException("expected an image, found \"" + image + "\"");
      }
      Optional<String> exec = Optional.empty();
      Optional<String> name = Optional.empty();
      Optional<String> user = d.user();
      Optional<String> group = d.group();
      Optional<List<Integer>> gids = d.supplementaryGids();
      List<String> setEnv = new ArrayList<>(d.setEnv());
      List<Path> envFiles = new ArrayList<>(d.setEnvFiles());
      boolean inheritEnv = d.inheritEnv();
      Optional<String> cwd = d.workingDirectory();
      List<MountRequest> mounts = new ArrayList<>(d.mounts());
      boolean readOnly = d.readOnlyRootfs();
      Optional<String> memory = d.memory();
      Optional<String> cpu = d.cpu();
      List<String> args = new ArrayList<>();
      while (i < words.size() && words.get(i).startsWith("--")) {
        String word = words.get(i++);
        if (word.equals("--")) {
          while (i < words.size() && !words.get(i).equals("---")) {
            args.add(words.get(i++));
          }
          if (i < words.size()) {
            i++; // the closing ---
          }
          break;
        }
        String option = word;
        String value = null;
        int eq = word.indexOf('=');
        if (eq > 0) {
          option = word.substring(0, eq);
          value = word.substring(eq + 1);
        }
        if (option.equals("--inherit-env") || option.equals("--readonly-rootfs")) {
          boolean on = value == null || Boolean.parseBoolean(value);
          if (option.equals("--inherit-env")) {
            inheritEnv = on;
          } else {
            readOnly = on;
          }
          continue;
        }
        if (value == null) {
          if (i >= words.size()) {
            throw new UsageException(option + " of image " + image + " needs a value");
          }
          value = words.get(i++);
        }
        switch (option) {
          case "--exec" -> exec = Optional.of(value);
          case "--name" -> name = Optional.of(value);
          case "--user" -> user = Optional.of(value);
          case "--group" -> group = Optional.of(value);
          case "--supplementary-gids" -> gids = Optional.of(gids(value));
          case "--set-env" -> setEnv.add(value);
          case "--set-env-file" -> envFiles.add(Path.of(value));
          case "--working-dir" -> cwd = Optional.of(value);
          case "--mount" -> mounts.add(mount(value));
          case "--memory" -> memory = Optional.of(value);
          case "--cpu" -> cpu = Optional.of(value);
          default -> throw new UsageException("unknown option " + option + " for image " + image
              + " (app options: --exec --name --user --group --supplementary-gids --set-env "
              + "--set-env-file --inherit-env --working-dir --mount --readonly-rootfs --memory "
              + "--cpu)");
        }
      }
      apps.add(new AppRequest(image, exec, args, name, user, group, gids, setEnv, envFiles,
          inheritEnv, cwd, mounts, readOnly, resources(memory, cpu)));
    }
    if (apps.isEmpty()) {
      throw new UsageException("an image is needed");
    }
    return apps;
  }

  static ResourceOverrides resources(Optional<String> memory, Optional<String> cpu)
      throws UsageException {
    try {
      return new ResourceOverrides(memory.map(ResourceOverrides::parseMemory),
          cpu.map(ResourceOverrides::parseCpu));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static MountRequest mount(String value) throws UsageException {
    try {
      return MountRequest.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static List<Integer> gids(String value) throws UsageException {
    List<Integer> gids = new ArrayList<>();
    for (String g : value.split(",")) {
      try {
        gids.add(Integer.parseInt(g.trim()));
      } catch (NumberFormatException e) {
        throw new UsageException("invalid --supplementary-gids \"" + value
            + "\": use numbers separated by commas");
      }
    }
    return gids;
  }
}
