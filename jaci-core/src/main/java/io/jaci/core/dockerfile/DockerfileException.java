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
    super(ShortText.cut(printable((line > 0 ? "Dockerfile line " + line + ": " : "") + message),
        ShortText.MAX_MESSAGE));
    this.line = line;
  }

  /** {@code s} with control characters (a NUL, a newline) written as {@code \xNN}. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
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
