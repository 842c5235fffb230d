package io.jaci.core.run;

import io.jaci.core.render.RenderPreload;

/**
 * The part of a pod's start that depends on nothing the user asked for: loading and
 * initializing what the run path needs (what a render needs, {@link RenderPreload}, and the
 * pod's classes), so that a second thread can do it while the first one parses the command
 * line. A cold JVM spends most of {@code jaci run}'s start on such first uses (BENCHMARKS.md).
 */
public final class RunPreload {
  private RunPreload() {}

  /** Loads and initializes; never fails (what goes wrong here is found again where it matters). */
  public static void run() {
    try {
      RenderPreload.run();
      for (Class<?> c : new Class<?>[] {PodState.class, OciConfig.class,
          MetadataDocuments.class, PodScript.class, AppBundles.class}) {
        Class.forName(c.getName(), true, c.getClassLoader());
      }
    } catch (Exception | LinkageError e) {
      // only a head start: the run path does the same and reports what fails
    }
  }
}
