package io.jaci.core;

import java.lang.management.ManagementFactory;

/**
 * Phase times for finding where a command's wall time goes: with the environment variable
 * {@code JACI_TIMING} set, each {@link #mark} prints to stderr the milliseconds since the JVM
 * started and the phase just ended; without it, a mark costs a field read. (Used to measure
 * rendering, BENCHMARKS.md.)
 */
public final class Timing {
  private static final boolean ON = System.getenv("JACI_TIMING") != null;

  private Timing() {}

  /** Notes that {@code phase} has ended. */
  public static void mark(String phase) {
    if (ON) {
      long start = ManagementFactory.getRuntimeMXBean().getStartTime();
      System.err.println("jaci: timing: " + (System.currentTimeMillis() - start) + " ms "
          + phase);
    }
  }
}
