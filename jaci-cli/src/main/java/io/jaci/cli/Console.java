package io.jaci.cli;

import io.jaci.core.ProgressListener;
import io.jaci.core.ShortText;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Where a command prints: results on stdout, remarks and progress on stderr. */
final class Console {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;

  Console(CommandLine.Model.CommandSpec spec, Main main) {
    this.out = spec.commandLine().getOut();
    this.err = spec.commandLine().getErr();
    this.quiet = main.quiet;
  }

  PrintWriter out() {
    return out;
  }

  /** Prints a manifest (or any text) as it is, ending with exactly one newline. */
  void printText(byte[] utf8) {
    String text = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    out.print(text.endsWith("\n") ? text : text + "\n");
    out.flush();
  }

  void warn(String message) {
    if (!quiet) {
      err.println("jaci: warning: " + ShortText.cut(message, ShortText.MAX_MESSAGE));
    }
  }

  /** A remark on stderr for people, such as a summary; nothing when quiet. */
  void remark(String message) {
    if (!quiet) {
      err.println(message);
      err.flush();
    }
  }

  /** A progress bar on a terminal; nothing when quiet or when output is piped. */
  ProgressListener progress() {
    if (quiet || System.console() == null) {
      return ProgressListener.NONE;
    }
    return new TerminalProgress();
  }
}
