package io.jaci.core;

import java.lang.management.ManagementFactory;

/**
 * Phase times for finding where a command's wall time goes: with the environment variable
 * {@code JACI_TIMING} set, each {@link #mark} prints to stderr the milliseconds since the JVM
 * started and the phase just ended; without it, a mark costs a field read. When
 * {@code JACI_TIMING} holds a time in seconds since the epoch (bash's
 * {@code JACI_TIMING=$EPOCHREALTIME jaci ...}), the milliseconds count from then instead,
 * so that the launcher's and the JVM's own start are included, and the JVM's management
 * classes are not loaded. With {@code JACI_TIMING=cpu}, each line also gives the CPU time
 * that the calling thread and the whole JVM have used so far (which a loaded machine
 * distorts less than the wall time). (Used to measure rendering and {@code jaci run},
 * BENCHMARKS.md.)
 */
public final class Timing {
  private static final String VALUE = System.getenv("JACI_TIMING");
  private static final boolean ON = VALUE != null;
  private static long start = -1;

  private Timing() {}

  /** Notes that {@code phase} has ended. */
  public static void mark(String phase) {
    if (ON) {
      long wall = System.currentTimeMillis() - start();
      String cpu = "";
      if (VALUE.equals("cpu")) {
        var os = (com.sun.management.OperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean();
        cpu = ", CPU " + ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000
            + " ms this thread, " + os.getProcessCpuTime() / 1_000_000 + " ms the JVM";
      }
      System.err.println("jaci: timing: " + wall + " ms" + cpu + ": " + phase);
    }
  }

  private static synchronized long start() {
    if (start < 0) {
      try {
        start = (long) (Double.parseDouble(VALUE) * 1000);
      } catch (NumberFormatException e) {
        start = 0;
      }
      if (start < 1_000_000_000_000L) { // not a time since the epoch ("1", "cpu")
        start = ManagementFactory.getRuntimeMXBean().getStartTime();
      }
    }
    return start;
  }
}
