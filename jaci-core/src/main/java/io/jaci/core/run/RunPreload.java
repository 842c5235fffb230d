package io.jaci.core.run;

import io.jaci.core.render.TreeCache;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.ImageStore;
import java.nio.charset.StandardCharsets;

/**
 * The part of a pod's start that depends on nothing the user asked for: loading and
 * initializing what the run path needs (SQLite's native library, the JSON mappers, the
 * manifest reader), so that a second thread can do it while the first one parses the command
 * line. A cold JVM spends most of {@code jaci run}'s start on such first uses (BENCHMARKS.md).
 */
public final class RunPreload {
  private static final byte[] MANIFEST = ("{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
      + "\"name\":\"example.com/preload\",\"app\":{\"exec\":[\"/bin/true\"],\"user\":\"0\","
      + "\"group\":\"0\"}}").getBytes(StandardCharsets.US_ASCII);

  private RunPreload() {}

  /** Loads and initializes; never fails (what goes wrong here is found again where it matters). */
  public static void run() {
    try {
      ImageStore.preload();
      ManifestJson.parse(MANIFEST);
      for (Class<?> c : new Class<?>[] {TreeCache.class, PodState.class, OciConfig.class,
          MetadataDocuments.class, PodScript.class, AppBundles.class}) {
        Class.forName(c.getName(), true, c.getClassLoader());
      }
    } catch (Exception | LinkageError e) {
      // only a head start: the run path does the same and reports what fails
    }
  }
}
