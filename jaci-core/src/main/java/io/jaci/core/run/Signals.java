package io.jaci.core.run;

import com.sun.jna.Library;
import com.sun.jna.Native;

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

  static int euid() {
    return Holder.C.geteuid();
  }

  static int egid() {
    return Holder.C.getegid();
  }

  /** The number of a signal name such as {@code INT}. */
  static int number(String name) {
    return new sun.misc.Signal(name).getNumber();
  }
}
