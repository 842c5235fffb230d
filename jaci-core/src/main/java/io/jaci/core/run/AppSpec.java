package io.jaci.core.run;

import io.jaci.core.render.TreeOwners;
import io.jaci.core.spec.AcName;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One app of a pod, validated and fully resolved: nothing in it is looked up again when the
 * runtime config is written (podman's specgen: one checked description before anything runs).
 *
 * @param name the app's name in the pod (an AC name, unique in the pod)
 * @param image what the app runs from, for state and the metadata service (an image ID or a
 *     layout directory)
 * @param rootfs the app's rootfs: {@link RootfsSource#overlay} over a read-only tree, or a
 *     directory used in place
 * @param args the command and its arguments (never empty)
 * @param environment {@code K=V} entries, in order
 * @param uid the app's user
 * @param gid the app's group
 * @param supplementaryGids extra groups
 * @param workingDirectory absolute
 * @param mounts host paths bound into the app
 * @param readOnlyRootfs whether the rootfs is mounted read-only
 * @param preStart the pre-start event handler's command (empty for none)
 * @param postStop the post-stop event handler's command (empty for none)
 * @param process what the app's isolators ask of its process and cgroup
 */
public record AppSpec(AcName name, String image, RootfsSource rootfs, List<String> args,
    List<String> environment, int uid, int gid, List<Integer> supplementaryGids,
    String workingDirectory, List<BindMount> mounts, boolean readOnlyRootfs,
    List<String> preStart, List<String> postStop, IsolatorSettings process) {

  public AppSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(rootfs, "rootfs");
    args = List.copyOf(args);
    if (args.isEmpty()) {
      throw new IllegalArgumentException(name + ": the image has no app.exec and no --exec "
          + "was given: name the command with --exec CMD or after --");
    }
    environment = List.copyOf(environment);
    for (String e : environment) {
      if (e.indexOf('=') <= 0) {
        throw new IllegalArgumentException(name + ": environment entry \"" + e
            + "\" is not NAME=VALUE");
      }
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException(name + ": uid and gid must not be negative");
    }
    supplementaryGids = List.copyOf(supplementaryGids);
    if (workingDirectory == null || !workingDirectory.startsWith("/")) {
      throw new IllegalArgumentException(name + ": working directory \"" + workingDirectory
          + "\" must be absolute");
    }
    mounts = List.copyOf(mounts);
    preStart = List.copyOf(preStart);
    postStop = List.copyOf(postStop);
    Objects.requireNonNull(process, "process");
  }

  /** Where an app's rootfs comes from. */
  public sealed interface RootfsSource {
    /** A read-only tree (the tree cache's) under a per-pod writable upper layer. */
    static RootfsSource overlay(Path lower) {
      return new Overlay(lower);
    }

    /** A directory the app runs in and writes to directly ({@code --in-place}). */
    static RootfsSource inPlace(Path rootfs) {
      return new InPlace(rootfs, List.of(), false);
    }

    /**
     * A directory used in place whose files' owners are kept apart from the disk's, without
     * root (a begun layout's, whose owners the user could not give): {@code owners} are given
     * in the pod before the app starts, and after it ends the files of other owners are given
     * back to the user and their owners listed ({@link LayoutCommand#ownersAfter}).
     */
    static RootfsSource inPlaceKeepingOwners(Path rootfs, List<TreeOwners.Entry> owners) {
      return new InPlace(rootfs, owners, true);
    }
  }

  /** @param lower the read-only tree, never written */
  public record Overlay(Path lower) implements RootfsSource {}

  /**
   * @param rootfs the directory, written by the app
   * @param owners owners to give in the pod before the app starts
   * @param keepOwners whether the owners the app leaves are listed and given back to the user
   */
  public record InPlace(Path rootfs, List<TreeOwners.Entry> owners, boolean keepOwners)
      implements RootfsSource {
    public InPlace {
      Objects.requireNonNull(rootfs, "rootfs");
      owners = List.copyOf(owners);
    }
  }
}
