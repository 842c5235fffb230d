package io.jaci.core.run;

import java.nio.file.Path;
import java.util.List;

/**
 * An OCI runtime as jaci uses it: commands that a pod's holder process runs (so they are in
 * the pod's namespaces), and the ones that clean up after a pod. runc today ({@link Runc}).
 */
public interface Runtime {
  /** Runs container {@code id} from {@code bundle} in the foreground; exits with its status. */
  List<String> run(Path stateRoot, String id, Path bundle);

  /** Forcibly deletes container {@code id} (kills what is left of it, frees its cgroups). */
  List<String> delete(Path stateRoot, String id);

  /** Prints container {@code id}'s state as JSON (with its {@code pid}). */
  List<String> state(Path stateRoot, String id);
}
