package io.jaci.core.dockerfile;

import java.util.List;

/**
 * A {@code RUN} step that ended with a non-zero exit code: one line naming its command and
 * exit code, and the last lines of its output ({@link #lastOutput()}) for the user to see
 * below it.
 */
public final class RunFailedException extends DockerfileException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final List<String> lastOutput;

  RunFailedException(int line, String message, int exitCode, List<String> lastOutput) {
    super(line, message);
    this.exitCode = exitCode;
    this.lastOutput = List.copyOf(lastOutput);
  }

  /** The step's exit code (128+N when a signal N ended it). */
  public int exitCode() {
    return exitCode;
  }

  /** The last lines the step wrote (standard output and error as they came), oldest first. */
  public List<String> lastOutput() {
    return lastOutput;
  }
}
