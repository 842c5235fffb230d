package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The pods of a store: list, status, stop, remove, garbage-collect, enter. A pod whose
 * {@code jaci run} died (SIGKILL) without recording its end is reported {@code abandoned};
 * stopping or collecting it kills its holder, pid 1 of the pod's pid namespace, which takes
 * every app with it, and with it the pod's mount namespace and overlays.
 */
public final class Pods {
  private final Path pods;

  private Pods(Path pods) {
    this.pods = pods;
  }

  public static Pods of(Path podsDirectory) {
    return new Pods(podsDirectory);
  }

  /** Every pod with a state, oldest first, with its state as it is now. */
  public List<PodState> list() throws JaciException {
    List<PodState> list = new ArrayList<>();
    for (Path p : directories()) {
      if (Files.isRegularFile(p.resolve("state.json"))) {
        list.add(current(PodDirectory.of(pods, UUID.fromString(p.getFileName().toString()))));
      }
    }
    list.sort(Comparator.comparing(PodState::created));
    return list;
  }

  /** The pod {@code uuid} (or a unique prefix of it). */
  public PodState status(String uuid) throws JaciException {
    return current(find(uuid));
  }

  /** Waits until pod {@code uuid} is no longer running; returns its state then. */
  public PodState await(String uuid, Duration timeout) throws JaciException {
    PodDirectory dir = find(uuid);
    Instant end = Instant.now().plus(timeout);
    PodState s = current(dir);
    while (isActive(s) && Instant.now().isBefore(end)) {
      sleep(100);
      s = current(dir);
    }
    return s;
  }

  /** Stops pod {@code uuid}: SIGTERM to its apps, SIGKILL after {@code grace}. */
  public PodState stop(String uuid, Duration grace) throws JaciException {
    PodDirectory dir = find(uuid);
    long holder = PodProcesses.holder(dir);
    if (holder > 0) {
      Signals.kill(holder, Signals.SIGTERM);
      Instant end = Instant.now().plus(grace);
      while (PodProcesses.holder(dir) > 0 && Instant.now().isBefore(end)) {
        sleep(100);
      }
      PodProcesses.kill(dir);
    }
    return await(uuid, Duration.ofSeconds(10));
  }

  /** Removes pod {@code uuid}, which must not be running. */
  public void remove(String uuid) throws JaciException {
    PodDirectory dir = find(uuid);
    PodState s = current(dir);
    if (s.state().equals(PodState.RUNNING)) {
      throw new JaciException("pod " + dir.uuid() + " is running: stop it first (jaci pod "
          + "stop " + dir.uuid() + ")");
    }
    PodProcesses.kill(dir);
    PodCleanup.remove(dir);
  }

  /**
   * Removes exited pods that exited more than {@code grace} ago, and every pod a killed
   * {@code jaci run} left (its processes killed first); returns the removed pods' UUIDs.
   */
  public List<UUID> gc(Duration grace) throws JaciException {
    List<UUID> removed = new ArrayList<>();
    Instant cutoff = Instant.now().minus(grace);
    for (PodDirectory dir : podDirectories()) {
      Path p = dir.path();
      boolean doomed;
      if (!Files.isRegularFile(dir.state())) {
        doomed = olderThan(p, Instant.now().minus(Duration.ofMinutes(1))); // never started
      } else {
        PodState s = current(dir);
        doomed = s.state().equals(PodState.ABANDONED) || (s.state().equals(PodState.EXITED)
            && s.exited().orElse(s.created()).isBefore(cutoff));
      }
      if (doomed) {
        PodProcesses.kill(dir);
        PodCleanup.remove(dir);
        removed.add(dir.uuid());
      }
    }
    return removed;
  }

  /**
   * The cached trees (their rootfs paths) that pods use as lower layers while they live: a
   * pod that is running or preparing, or whose holder still runs after its {@code jaci run}
   * died. A pod that ended pins nothing, whether or not it was removed yet.
   */
  public Set<Path> treesInUse() throws JaciException {
    Set<Path> used = new HashSet<>();
    for (PodDirectory dir : podDirectories()) {
      Path p = dir.path();
      boolean alive = PodProcesses.holder(dir) > 0
          // being prepared (its list may come next), unless left so by a killed jaci run
          || (!Files.isRegularFile(dir.state())
              && !olderThan(p, Instant.now().minus(Duration.ofMinutes(1))))
          || isActive(current(dir));
      if (alive) {
        try {
          Files.readAllLines(dir.trees()).stream().filter(l -> !l.isEmpty())
              .forEach(l -> used.add(Path.of(l).toAbsolutePath().normalize()));
        } catch (java.nio.file.NoSuchFileException e) {
          // not written yet, or by an older jaci
        } catch (IOException e) {
          throw new JaciException(IoMessages.about(dir.trees(), e), e);
        }
      }
    }
    return used;
  }

  /** The command that runs {@code command} in app {@code app} of a running pod. */
  public List<String> enterCommand(String uuid, Optional<String> app, List<String> command,
      boolean tty, Runtime runtime) throws JaciException {
    PodDirectory dir = find(uuid);
    long holder = PodProcesses.holder(dir);
    if (holder <= 0) {
      throw new JaciException("pod " + dir.uuid() + " is not running");
    }
    List<String> apps;
    try {
      apps = AppBundles.names(dir);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(dir.path(), e), e);
    }
    String name = app.orElseGet(() -> apps.isEmpty() ? "" : apps.get(0));
    if (!apps.contains(name)) {
      throw new JaciException("pod " + dir.uuid() + " has no app \"" + name + "\" (apps: "
          + String.join(", ", apps) + ")");
    }
    List<String> cmd = new ArrayList<>(List.of(
        ToolOnPath.require("nsenter", "util-linux", "jaci run").toString(), "-t", Long.toString(holder)));
    if (Signals.euid() != 0) {
      cmd.addAll(List.of("--user", "--preserve-credentials"));
    }
    cmd.addAll(List.of("--mount", "--pid", "--net", "--ipc", "--uts", "--"));
    cmd.addAll(runtime.exec(dir.runtimeState(), dir.containerId(name), tty,
        command.isEmpty() ? List.of("/bin/sh") : command));
    return cmd;
  }

  private PodState current(PodDirectory dir) throws JaciException {
    PodState s = PodState.read(dir.state());
    if (!s.state().equals(PodState.EXITED) && !ProcessHandle.of(s.jaciPid())
        .map(ProcessHandle::isAlive).orElse(false)) {
      return s.as(PodState.ABANDONED);
    }
    return s;
  }

  private static boolean isActive(PodState s) {
    return s.state().equals(PodState.RUNNING) || s.state().equals(PodState.PREPARING);
  }

  private PodDirectory find(String uuid) throws JaciException {
    List<Path> matches = new ArrayList<>();
    for (Path p : directories()) {
      if (p.getFileName().toString().startsWith(uuid.toLowerCase())) {
        matches.add(p);
      }
    }
    if (uuid.isEmpty() || matches.isEmpty()) {
      throw new JaciException("no pod " + uuid + " (see jaci pod list)");
    }
    if (matches.size() > 1) {
      throw new JaciException("pod " + uuid + " is ambiguous: give more of its UUID");
    }
    try {
      return PodDirectory.of(pods, UUID.fromString(matches.get(0).getFileName().toString()));
    } catch (IllegalArgumentException e) {
      throw new JaciException("no pod " + uuid + " (see jaci pod list)");
    }
  }

  /** The directories named by a UUID (anything else there is not a pod). */
  private List<PodDirectory> podDirectories() throws JaciException {
    List<PodDirectory> list = new ArrayList<>();
    for (Path p : directories()) {
      try {
        list.add(PodDirectory.of(pods, UUID.fromString(p.getFileName().toString())));
      } catch (IllegalArgumentException e) {
        // not a pod
      }
    }
    return list;
  }

  private List<Path> directories() throws JaciException {
    List<Path> list = new ArrayList<>();
    if (!Files.isDirectory(pods)) {
      return list;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(pods)) {
      s.forEach(list::add);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(pods, e), e);
    }
    return list;
  }

  private static boolean olderThan(Path p, Instant cutoff) {
    try {
      return Files.getLastModifiedTime(p).toInstant().isBefore(cutoff);
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
