package io.jaci.core.run;

import java.nio.file.Path;
import java.util.List;

/**
 * An OCI runtime as jaci uses it: commands that a pod's holder process runs (so they are in
 * the pod's namespaces), and the one that enters a running app. runc today ({@link Runc}).
 */
public interface Runtime {
  /** Runs container {@code id} from {@code bundle} in the foreground; exits with its status. */
  List<String> run(Path stateRoot, String id, Path bundle);

  /** Runs {@code command} in running container {@code id} (with a terminal if {@code tty}). */
  List<String> exec(Path stateRoot, String id, boolean tty, List<String> command);

}
