package io.jaci.core.spec;

import io.jaci.core.JaciException;
import java.util.List;

/** An image manifest that is not valid JSON or breaks the appc rules; lists every problem. */
public class InvalidManifestException extends JaciException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** {@code problems} must not be empty; the message is them joined by "; ". */
  public InvalidManifestException(List<String> problems) {
    super(String.join("; ", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid manifest has at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, each as {@code JSONPATH: message}. */
  public List<String> problems() {
    return problems;
  }
}
