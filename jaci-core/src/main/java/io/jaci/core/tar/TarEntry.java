package io.jaci.core.tar;

/**
 * An entry read by {@link TarReader}.
 *
 * @param header the entry's metadata, with extended (pax, GNU long name) headers applied
 * @param rawHeader the exact header bytes of the entry, extended headers included, so the
 *     entry can be copied to another archive unchanged
 * @param offset where the entry's first header block starts in the tar stream
 * @param storedSize the size of the data stored after the header, which a non-file entry
 *     may have too (its header then reports size 0)
 */
public record TarEntry(TarHeader header, byte[] rawHeader, long offset, long storedSize) {
  /** The entry's name as stored (may start with {@code ./}, may end with {@code /}). */
  public String name() {
    return header.name();
  }
}
