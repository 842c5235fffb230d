package io.jaci.core.run;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Signals sent to processes by ID, and who jaci runs as. */
final class Signals {
  static final int SIGKILL = 9;
  static final int SIGTERM = 15;

  private Signals() {}

  private interface C extends Library {
    int kill(int pid, int sig);

    int geteuid();

    int getegid();
  }

  private static final class Holder {
    static final C C = Native.load("c", C.class);
  }

  /** Sends {@code sig} to {@code pid}; false when there is no such process (or no right). */
  static boolean kill(long pid, int sig) {
    return pid > 0 && Holder.C.kill((int) pid, sig) == 0;
  }

  /** The effective user ID (from /proc: loading JNA and libc costs a start ~30 ms). */
  static int euid() {
    return Ids.EUID;
  }

  static int egid() {
    return Ids.EGID;
  }

  private static final class Ids {
    static final int EUID;
    static final int EGID;

    static {
      String status;
      try {
        status = Files.readString(Path.of("/proc/self/status"));
      } catch (IOException e) {
        status = "";
      }
      int uid = effective(status, "Uid:");
      int gid = effective(status, "Gid:");
      EUID = uid >= 0 ? uid : Holder.C.geteuid();
      EGID = gid >= 0 ? gid : Holder.C.getegid();
    }
  }

  /**
   * The effective ID of a {@code /proc/self/status} line such as {@code Uid: 1000 0 0 0} (real,
   * effective, saved, file system; tab-separated), or -1.
   */
  static int effective(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field)) {
        String[] f = line.substring(field.length()).strip().split("\\s+");
        if (f.length >= 2 && f[1].matches("[0-9]{1,10}")) {
          return (int) Long.parseLong(f[1]);
        }
      }
    }
    return -1;
  }

  /** The number of a signal name such as {@code INT}. */
  static int number(String name) {
    return new sun.misc.Signal(name).getNumber();
  }
}
