package io.jaci.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The outcome of running a real program to its end: exit code, stdout and stderr. */
record ProcessRun(List<String> command, int exit, byte[] stdout, String stderr) {
  private static final long TIMEOUT_MINUTES = 5;

  /**
   * Runs {@code command} in {@code dir} with {@code env} added to this process's environment
   * (a null value removes the variable).
   */
  static ProcessRun run(Path dir, Map<String, String> env, List<String> command) {
    return run(dir, env, command, TIMEOUT_MINUTES);
  }

  /** Like {@link #run(Path, Map, List)}, given up after {@code timeoutMinutes}. */
  static ProcessRun run(Path dir, Map<String, String> env, List<String> command,
      long timeoutMinutes) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<byte[]> out = drain(p.getInputStream());
      CompletableFuture<byte[]> err = drain(p.getErrorStream());
      if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish in " + timeoutMinutes + " minutes");
      }
      return new ProcessRun(List.copyOf(command), p.exitValue(), out.join(),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("running " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  static ProcessRun run(Path dir, String... command) {
    return run(dir, Map.of(), List.of(command));
  }

  private static CompletableFuture<byte[]> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, task -> {
      // a thread per stream: the common pool may have a single thread on a small machine
      Thread t = new Thread(task, "drain");
      t.setDaemon(true);
      t.start();
    });
  }

  String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /** Fails with the command and its output unless it exited 0. */
  ProcessRun assertSuccess() {
    if (exit != 0) {
      throw new AssertionError(describe());
    }
    return this;
  }

  String describe() {
    return command + " exited " + exit + "\nstdout: " + out() + "\nstderr: " + stderr;
  }

  static List<String> concat(List<String> a, String... b) {
    List<String> r = new ArrayList<>(a);
    r.addAll(List.of(b));
    return r;
  }
}
