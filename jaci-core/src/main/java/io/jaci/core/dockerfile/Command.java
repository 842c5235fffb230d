package io.jaci.core.dockerfile;

import java.util.List;

/**
 * The command of a {@code RUN}, {@code CMD}, {@code ENTRYPOINT} or {@code HEALTHCHECK CMD}: the
 * exec (JSON) form {@code ["echo", "hi"]}, run as is, or the shell form {@code echo hi}, run
 * through the stage's {@code SHELL}. Neither is variable-expanded by the builder (the shell does
 * that when it runs).
 *
 * @param execForm true for the JSON form
 * @param args the JSON strings; for the shell form one element, the command text
 */
public record Command(boolean execForm, List<String> args) {
  public Command {
    args = List.copyOf(args);
    if (!execForm && args.size() != 1) {
      throw new IllegalArgumentException("a shell-form command is one text, not " + args);
    }
  }

  /** The shell form {@code text}. */
  public static Command shell(String text) {
    return new Command(false, List.of(text));
  }

  /** The exec form {@code args}. */
  public static Command exec(List<String> args) {
    return new Command(true, args);
  }

  /** The shell-form text, or the exec-form words joined by spaces (for progress lines). */
  public String text() {
    return String.join(" ", args);
  }

  /**
   * The argv to run: the exec form as is, the shell form appended to {@code shell} (the stage's
   * {@code SHELL}, {@code ["/bin/sh", "-c"]} by default).
   */
  public List<String> argv(List<String> shell) {
    if (execForm) {
      return args;
    }
    return java.util.stream.Stream.concat(shell.stream(), args.stream()).toList();
  }
}
