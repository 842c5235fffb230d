package io.jaci.core;

/**
 * A failure that jaci reports to its user as one line: the message says what went wrong
 * and, where it can, what to do about it. Causes are kept for {@code --debug}.
 */
public class JaciException extends Exception {
  private static final long serialVersionUID = 1L;

  public JaciException(String message) {
    super(message);
  }

  public JaciException(String message, Throwable cause) {
    super(message, cause);
  }
}
