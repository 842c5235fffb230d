package io.jaci.core.deb;

import io.jaci.core.io.Compression;
import java.util.Optional;

/** The compressions Debian names by file suffix (indices and .deb members). */
final class Suffixes {
  private Suffixes() {}

  /** {@code ""} none, {@code .gz}, {@code .xz}, {@code .zst}, {@code .bz2}; else empty. */
  static Optional<Compression> compression(String suffix) {
    switch (suffix) {
      case "":
        return Optional.of(Compression.NONE);
      case ".gz":
        return Optional.of(Compression.GZIP);
      case ".xz":
        return Optional.of(Compression.XZ);
      case ".zst":
        return Optional.of(Compression.ZSTD);
      case ".bz2":
        return Optional.of(Compression.BZIP2);
      default:
        return Optional.empty();
    }
  }
}
