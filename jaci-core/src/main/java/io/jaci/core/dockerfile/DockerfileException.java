package io.jaci.core.dockerfile;

import io.jaci.core.JaciException;
import io.jaci.core.ShortText;

/**
 * A Dockerfile that cannot be parsed or expanded, as one line: {@code Dockerfile line 7:
 * unknown instruction "RUNN" (did you mean RUN?)}. {@link #line()} is 0 when the problem has no
 * line (a build argument, an expansion outside any instruction).
 */
public class DockerfileException extends JaciException {
  private static final long serialVersionUID = 1L;

  private final int line;

  public DockerfileException(int line, String message) {
    super(ShortText.cut((line > 0 ? "Dockerfile line " + line + ": " : "") + message,
        ShortText.MAX_MESSAGE));
    this.line = line;
  }

  /** The 1-based line the problem starts on, or 0. */
  public int line() {
    return line;
  }

  /** The same problem, said at {@code line} (when it had none). */
  DockerfileException at(int line) {
    if (this.line > 0 || line <= 0) {
      return this;
    }
    DockerfileException e = new DockerfileException(line, getMessage());
    e.initCause(this);
    return e;
  }
}
