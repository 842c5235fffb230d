package io.jaci.core.render;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Copies of trees outside rendering, as {@code cp -a} makes them ({@link TreeCopier}): a
 * Dockerfile cache mount seeded from a stage.
 */
public final class TreeCopies {
  private TreeCopies() {}

  /**
   * Copies the directory {@code source} to {@code target}, which must not exist: contents,
   * modes, times, symlinks as links, hard links as links, special files where permitted, and
   * as root the owners (a normal user owns the copy).
   */
  public static void copy(Path source, Path target) throws IOException {
    TreeCopier.copy(source, target, Owners.canChown(), true, NativeCopies.INSTANCE);
  }
}
