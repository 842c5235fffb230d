package io.jaci.core.extract;

import io.jaci.core.tar.TarEntryType;
import java.util.Objects;

/**
 * Decides per entry whether {@link TreeExtractor} lays it down. The path is absolute inside
 * the extracted tree, e.g. {@code /etc/passwd}; the root {@code /} itself is never asked.
 */
@FunctionalInterface
public interface PathFilter {
  /** Keeps every entry. */
  PathFilter ALL = (p, t) -> true;

  /** Whether the entry at {@code path} of type {@code type} is laid down. */
  boolean keep(String path, TarEntryType type);

  /** A filter that keeps what both this one and {@code other} keep. */
  default PathFilter and(PathFilter other) {
    Objects.requireNonNull(other, "other");
    return (p, t) -> keep(p, t) && other.keep(p, t);
  }
}
