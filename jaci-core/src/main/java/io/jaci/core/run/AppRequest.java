package io.jaci.core.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user asks of one app of a pod, before anything is looked up: the image and the
 * per-app options of {@code jaci run} (empty where the image's own value holds).
 *
 * @param image a store REF, an {@code .aci} file, or an image layout directory
 * @param exec {@code --exec}: replaces the image's command (not its arguments' place)
 * @param args the arguments after {@code --}, appended to the command
 * @param setEnv {@code --set-env K=V}, in order
 * @param setEnvFiles {@code --set-env-file}, in order
 * @param mounts {@code --mount volume=NAME,target=PATH} of this app (pod-wide ones included)
 */
public record AppRequest(String image, Optional<String> exec, List<String> args,
    Optional<String> name, Optional<String> user, Optional<String> group,
    Optional<List<Integer>> supplementaryGids, List<String> setEnv, List<Path> setEnvFiles,
    boolean inheritEnv, Optional<String> workingDirectory, List<MountRequest> mounts,
    boolean readOnlyRootfs, ResourceOverrides resources) {

  public AppRequest {
    Objects.requireNonNull(image, "image");
    args = List.copyOf(args);
    setEnv = List.copyOf(setEnv);
    setEnvFiles = List.copyOf(setEnvFiles);
    mounts = List.copyOf(mounts);
    Objects.requireNonNull(resources, "resources");
  }

  /** Just an image with its own settings, and {@code args} after its command. */
  public static AppRequest of(String image, List<String> args) {
    return new AppRequest(image, Optional.empty(), args, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), List.of(), List.of(), false, Optional.empty(),
        List.of(), false, ResourceOverrides.NONE);
  }
}
