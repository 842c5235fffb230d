package io.jaci.core.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A pod's holder process on the host: found by its recorded PID and checked by its command. */
final class PodProcesses {
  private PodProcesses() {}

  /** The holder's PID when it is alive (and is this pod's holder, not a reused PID), else -1. */
  static long holder(PodDirectory dir) {
    long pid = HolderProcess.holderPid(dir);
    if (pid <= 0) {
      return -1;
    }
    try {
      String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid),
          "cmdline")), StandardCharsets.UTF_8);
      return cmdline.contains(dir.script().toString()) ? pid : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Kills the holder, pid 1 of the pod's pid namespace: the kernel then kills every process in
   * it, and the pod's mount namespace (with the overlays) goes away with the last one.
   */
  static void kill(PodDirectory dir) {
    long pid = holder(dir);
    if (pid <= 0) {
      return;
    }
    Signals.kill(pid, Signals.SIGKILL);
    for (int i = 0; i < 100 && holder(dir) > 0; i++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
