package io.jaci.core.run;

import io.jaci.core.JaciException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** runc (Debian's {@code runc}), with its state and log under the pod's directory. */
public final class Runc implements Runtime {
  private final Path executable;

  private Runc(Path executable) {
    this.executable = executable;
  }

  /**
   * The runtime at {@code path}, or {@code runc} from {@code PATH} when it is null.
   *
   * @throws JaciException naming the Debian package when it is missing
   */
  public static Runc find(String path) throws JaciException {
    if (path != null) {
      Path p = Path.of(path);
      if (!Files.isExecutable(p)) {
        throw new JaciException(path + ": no such runtime (an executable OCI runtime such as "
            + "runc is needed)");
      }
      return new Runc(p.toAbsolutePath());
    }
    return new Runc(ToolOnPath.require("runc", "runc", "jaci run"));
  }

  public Path executable() {
    return executable;
  }

  private List<String> base(Path stateRoot) {
    return List.of(executable.toString(), "--root", stateRoot.toString(), "--log",
        stateRoot.resolve("runc.log").toString());
  }

  @Override
  public List<String> run(Path stateRoot, String id, Path bundle) {
    return concat(base(stateRoot), "run", "--bundle", bundle.toString(), id);
  }

  @Override
  public List<String> exec(Path stateRoot, String id, boolean tty, List<String> command) {
    List<String> all = new java.util.ArrayList<>(base(stateRoot));
    all.add("exec");
    if (tty) {
      all.add("--tty");
    }
    all.add(id);
    all.addAll(command);
    return List.copyOf(all);
  }

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }
}
