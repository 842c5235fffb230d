package io.jaci.core.deb;

import java.nio.file.Path;

/**
 * Where downloaded indices and packages are kept, each under the SHA256 it was verified
 * against: {@code indices/HASH} (the decompressed {@code Packages} file whose compressed form
 * the Release lists with HASH) and {@code debs/HASH.deb}. A file is there only once it is
 * complete and verified (written to a temporary name, then renamed), so a rerun fetches
 * nothing it has.
 */
public final class DebCache {
  private final Path root;

  public DebCache(Path root) {
    this.root = root;
  }

  /** {@code $XDG_CACHE_HOME/jaci}, else {@code ~/.cache/jaci}. */
  public static DebCache defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return new DebCache(base.resolve("jaci"));
  }

  /** The cache directory. */
  public Path root() {
    return root;
  }

  Path index(String sha256) {
    return root.resolve("indices").resolve(sha256);
  }

  Path deb(String sha256) {
    return root.resolve("debs").resolve(sha256 + ".deb");
  }
}
