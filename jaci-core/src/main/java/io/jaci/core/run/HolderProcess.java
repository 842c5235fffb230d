package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.Timing;
import io.jaci.core.io.AtomicOutputDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import sun.misc.Signal;

/**
 * The running holder of a pod: started with jaci's own standard streams, so the apps read
 * jaci's input and write to its output directly (or, when given streams, their output is
 * copied there as it comes); SIGINT, SIGTERM and SIGHUP sent to jaci are passed to the holder,
 * which passes them to the apps.
 */
final class HolderProcess {
  private HolderProcess() {}

  /** How long the copies of the output may go on after the holder exited. */
  private static final long DRAIN_MILLIS = 5000;

  /**
   * Runs {@code command} to its end; returns its exit status (128+N when killed by N). With
   * {@code output} null the holder has jaci's standard streams; else its standard output and
   * error are copied to {@code output}'s streams, which are closed at the end.
   */
  static int run(List<String> command, PodDirectory dir, PodNetworkHook network,
      PodRunner.Output output) throws IOException, JaciException {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    if (output != null) {
      builder.redirectOutput(ProcessBuilder.Redirect.PIPE)
          .redirectError(ProcessBuilder.Redirect.PIPE);
    }
    Process p = builder.start();
    List<Thread> copies = output == null ? List.of() : List.of(
        copy(p.getInputStream(), output.out(), "stdout"),
        copy(p.getErrorStream(), output.err(), "stderr"));
    Timing.mark("holder started");
    java.io.Closeable net = null;
    Path sockets = null;
    if (network != null) {
      try {
        // Unix socket paths are limited to 107 bytes: a short private directory, not the pod's
        sockets = Files.createTempDirectory("jaci-pod-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        net = network.start(awaitHolder(dir, p), sockets);
        Files.createFile(dir.networkReady());
      } catch (JaciException | IOException | RuntimeException e) {
        p.destroyForcibly();
        if (net != null) {
          net.close();
        }
        if (sockets != null) {
          AtomicOutputDirectory.deleteTree(sockets);
        }
        throw e;
      }
    }
    List<String> forwarded = List.of("INT", "TERM", "HUP");
    java.util.Map<String, sun.misc.SignalHandler> previous = new java.util.HashMap<>();
    for (String name : forwarded) {
      previous.put(name, Signal.handle(new Signal(name), s -> forward(dir, p, s.getNumber())));
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return p.waitFor();
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: the pod ends when its apps do
        }
      }
    } finally {
      drain(copies);
      if (net != null) {
        net.close();
        AtomicOutputDirectory.deleteTree(sockets);
      }
      previous.forEach((name, h) -> Signal.handle(new Signal(name), h));
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A thread copying {@code from} to {@code to} until its end, then closing {@code to}. */
  private static Thread copy(java.io.InputStream from, java.io.OutputStream to, String name) {
    Thread t = new Thread(() -> {
      try (from; to) {
        from.transferTo(to);
      } catch (IOException e) {
        // the reader stopped (jaci's own output closed): the command goes on without it
      }
    }, "pod-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Waits for the copies to reach the end of the output: at once when the pod's processes
   * have ended, which closes their pipes; a process left holding one is not waited for long.
   */
  private static void drain(List<Thread> copies) {
    long end = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
    boolean interrupted = false;
    for (Thread t : copies) {
      while (t.isAlive()) {
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        try {
          t.join(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void forward(PodDirectory dir, Process p, int signal) {
    long pid = holderPid(dir);
    if (pid > 0) {
      Signals.kill(pid, signal);
    } else {
      // not started far enough to have apps: end it
      p.destroyForcibly();
    }
  }

  /** The holder's PID once it has written it (within 10 s). */
  private static long awaitHolder(PodDirectory dir, Process p) throws JaciException {
    for (int i = 0; i < 200; i++) {
      long pid = holderPid(dir);
      if (pid > 0) {
        return pid;
      }
      if (!p.isAlive()) {
        break;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new JaciException("pod " + dir.uuid() + ": its holder process did not start");
  }

  static long holderPid(PodDirectory dir) {
    try {
      return Long.parseLong(Files.readString(dir.holderPid()).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }
}
