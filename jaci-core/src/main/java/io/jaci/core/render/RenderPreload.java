package io.jaci.core.render;

import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.ImageStore;
import java.nio.charset.StandardCharsets;

/**
 * The part of a render's start that depends on nothing the user asked for: loading and
 * initializing the store (SQLite's native library), the JSON mappers, the manifest reader and
 * the render path's classes, so that a second thread can do it while the first one parses
 * the command line. A cold JVM spends a third of a cached render on such first uses
 * (BENCHMARKS.md).
 */
public final class RenderPreload {
  private static final byte[] MANIFEST = ("{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
      + "\"name\":\"example.com/preload\",\"app\":{\"exec\":[\"/bin/true\"],\"user\":\"0\","
      + "\"group\":\"0\"}}").getBytes(StandardCharsets.US_ASCII);

  private RenderPreload() {}

  /** Loads and initializes; never fails (what goes wrong here is found again where it matters). */
  public static void run() {
    try {
      ImageStore.preload();
      ManifestJson.parse(MANIFEST);
      for (Class<?> c : new Class<?>[] {ImageRenderer.class, TreeCache.class, TreeCopier.class,
          TreeFingerprint.class, TreeHash.class, DependencyResolver.class}) {
        Class.forName(c.getName(), true, c.getClassLoader());
      }
    } catch (Exception | LinkageError e) {
      // only a head start: the command does the same and reports what fails
    }
  }
}
