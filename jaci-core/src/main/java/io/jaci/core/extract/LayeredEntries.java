package io.jaci.core.extract;

import static io.jaci.core.tar.EntryPath.quote;

import io.jaci.core.JaciException;
import io.jaci.core.io.Sha512;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@link TreeExtractor} lays down when it extracts archives one over another, worked
 * out from their entries alone, without a file system: per path, the header of the entry
 * that put it there and the SHA-512 of its content. It keeps what an unprivileged
 * extraction cannot put on disk (owners, device nodes, {@code security.} attributes), so
 * that a rootless render can still be described as the image meant it.
 *
 * <p>The rules are the extractor's: a later entry replaces what is at its path (a directory
 * with its subtree), a directory over a directory keeps the children, a non-directory where
 * a parent directory is needed becomes a directory, a hard link takes its target's file as
 * it is at that moment, and a hard link that the filter keeps while it leaves out the
 * link's target gets the target's file (header and content) under its own name.
 */
public final class LayeredEntries {
  private static final int READ_BUFFER = 1 << 16;

  /**
   * One path's file as laid down.
   *
   * @param header the entry that laid it down, named by the path below the root ({@code ""}
   *     for the root), a hard link's header being its target's; null for a directory the
   *     extractor made as a parent without an entry
   * @param sha512 the hex SHA-512 of a regular file's content, else null
   */
  public record Laid(TarHeader header, String sha512) {}

  private final NavigableMap<String, Laid> paths = new TreeMap<>();
  private final byte[] buffer = new byte[1 << 17];

  /** Extracts {@code uncompressedTar} (an ACI) over what is laid down so far. */
  public void apply(InputStream uncompressedTar, PathFilter filter) throws JaciException {
    TarReader reader = new TarReader(new BufferedInputStream(uncompressedTar, READ_BUFFER));
    String last = null;
    Map<String, Laid> leftOut = new HashMap<>(); // files of this archive the filter left out
    try {
      for (TarEntry e = reader.next(); e != null; e = reader.next()) {
        last = e.name();
        lay(e.header(), reader, filter, leftOut);
      }
    } catch (IOException e) {
      throw new JaciException("reading the archive" + (last == null ? "" : " at entry "
          + quote(last)) + ": " + e.getMessage(), e);
    }
  }

  /** An independent copy of what is laid down so far (to go on from it another way). */
  public LayeredEntries copy() {
    LayeredEntries c = new LayeredEntries();
    c.paths.putAll(paths);
    return c;
  }

  /** The file at {@code rel} (a clean path below the root, {@code ""} the root), if any. */
  public Optional<Laid> get(String rel) {
    return Optional.ofNullable(paths.get(rel));
  }

  /** Every path laid down, by clean relative path, in {@link String} order (read-only). */
  public NavigableMap<String, Laid> all() {
    return Collections.unmodifiableNavigableMap(paths);
  }

  private void lay(TarHeader h, TarReader reader, PathFilter filter, Map<String, Laid> leftOut)
      throws IOException, JaciException {
    String entry = "entry " + quote(h.name());
    String rel = EntryPath.belowRootfs(EntryPath.clean(h.name(), entry));
    if (rel == null) {
      return;
    }
    TarEntryType type = h.type();
    boolean kept = rel.isEmpty() || filter.keep("/" + rel, type);
    Laid laid;
    if (type == TarEntryType.HARD_LINK) {
      String target = EntryPath.belowRootfs(EntryPath.clean(h.linkName(), entry));
      Laid file = target == null ? null : leftOut.getOrDefault(target, paths.get(target));
      if (file == null || file.header() == null
          || file.header().type() == TarEntryType.DIRECTORY) {
        return; // invalid: the extractor fails there
      }
      laid = new Laid(file.header().withName(rel), file.sha512());
    } else if (type == TarEntryType.DIRECTORY) {
      if (!kept) {
        return;
      }
      laid = new Laid(h.withName(rel), null);
    } else {
      String sha = type == TarEntryType.REGULAR ? hash(reader.content()) : null;
      laid = new Laid(h.withName(rel), sha);
    }
    if (!kept) {
      leftOut.put(rel, laid); // a kept hard link to it gets this file
      return;
    }
    leftOut.remove(rel);
    makeParents(rel);
    Laid old = paths.get(rel);
    boolean keepsChildren = rel.isEmpty() || type == TarEntryType.DIRECTORY && old != null
        && (old.header() == null || old.header().type() == TarEntryType.DIRECTORY);
    if (!keepsChildren) {
      clear(rel);
    }
    paths.put(rel, laid);
  }

  private void makeParents(String rel) {
    for (int slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', slash + 1)) {
      String dir = rel.substring(0, slash);
      Laid there = paths.get(dir);
      if (there == null || (there.header() != null
          && there.header().type() != TarEntryType.DIRECTORY)) {
        clear(dir);
        paths.put(dir, new Laid(null, null));
      }
    }
  }

  private void clear(String rel) {
    paths.remove(rel);
    paths.subMap(rel + "/", rel + "0").clear();
  }

  private String hash(InputStream content) throws IOException {
    Sha512 sha = Sha512.create();
    for (int n = content.read(buffer); n > 0; n = content.read(buffer)) {
      sha.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
