package io.jaci.core.oci;

import io.jaci.core.JaciException;
import io.jaci.core.extract.EntryNames;
import io.jaci.core.extract.PathFilter;
import io.jaci.core.io.ParallelGzipOutputStream;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import io.jaci.core.tar.TarWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes one OCI layer from an ACI's tar in one pass: the whiteouts first (so that they
 * only hide what lower layers laid down), files of lower layers to lay down again, then the
 * rootfs entries the filter keeps, re-rooted
 * ({@code rootfs/etc/passwd} becomes {@code etc/passwd}, {@code rootfs} itself {@code ./})
 * with their owners, modes, mtimes, extended attributes, link targets and device numbers.
 * The tar is hashed (the diff ID), gzip-compressed on all cores and hashed again (the blob
 * digest) as it is written. The same input gives the same bytes: the entries keep their
 * order and metadata, whiteouts have fixed metadata, and the gzip header has no mtime.
 */
final class LayerWriter {
  private static final int BUFFER = 1 << 16;

  private LayerWriter() {}

  /**
   * Writes the layer to {@code file}.
   *
   * @param aciTar the ACI's uncompressed tar
   * @param filter which rootfs entries to keep (paths like {@code /etc/passwd})
   * @param whiteouts paths below the root (like {@code usr/share/doc}) to hide in lower layers
   * @param restored files of lower layers to lay down again, after the whiteouts
   * @param compress gzip (for OCI layouts and registries) or a plain tar (docker-archive)
   */
  static Layer write(InputStream aciTar, PathFilter filter, List<String> whiteouts,
      List<RestoredFiles.Restored> restored, Path file, boolean compress)
      throws IOException, JaciException {
    DigestingOutputStream blobDigest;
    DigestingOutputStream tarDigest;
    OutputStream fileOut = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
    blobDigest = new DigestingOutputStream(fileOut);
    OutputStream gzip = compress ? new ParallelGzipOutputStream(blobDigest) : blobDigest;
    tarDigest = new DigestingOutputStream(gzip);
    try (TarWriter tar = new TarWriter(new BufferedOutputStream(tarDigest, BUFFER))) {
      for (String path : whiteouts) {
        tar.write(whiteout(path));
      }
      for (RestoredFiles.Restored r : restored) {
        if (r.content() == null) {
          tar.write(r.header());
        } else {
          try (InputStream in = Files.newInputStream(r.content())) {
            tar.write(r.header(), in);
          }
        }
      }
      copyRootfs(new TarReader(new BufferedInputStream(aciTar, BUFFER)), filter, tar);
    }
    Blob blob = new Blob(file, blobDigest.digest(), blobDigest.count());
    return new Layer(blob, tarDigest.digest(), compress);
  }

  /** The whiteout entry of {@code path}: {@code dir/.wh.name}, empty, root's, mode 0. */
  static TarHeader whiteout(String path) {
    int slash = path.lastIndexOf('/');
    String name = path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
    return new TarHeader(name, TarEntryType.REGULAR, 0, 0, 0, 0, 0, "", 0, 0, null);
  }

  private static void copyRootfs(TarReader reader, PathFilter filter, TarWriter tar)
      throws IOException, JaciException {
    Set<String> written = new HashSet<>();
    for (TarEntry e = reader.next(); e != null; e = reader.next()) {
      TarHeader h = e.header();
      String what = "entry \"" + h.name() + "\"";
      String rel = EntryNames.belowRootfs(EntryNames.clean(h.name(), what));
      if (rel == null) {
        continue; // the manifest
      }
      if (rel.isEmpty()) {
        tar.write(h.withName("."));
        continue;
      }
      if (!filter.keep("/" + rel, h.type())) {
        continue;
      }
      if (h.type() == TarEntryType.HARD_LINK) {
        String target = EntryNames.belowRootfs(EntryNames.clean(h.linkName(), what));
        if (target == null || !written.contains(target)) {
          continue; // its target was filtered out: the renderer drops such a link too
        }
        tar.write(new TarHeader(rel, h.type(), h.mode(), h.uid(), h.gid(), 0, h.mtime(), target,
            h.devMajor(), h.devMinor(), h.xattrs()));
      } else if (h.type() == TarEntryType.REGULAR) {
        tar.write(h.withName(rel), reader.content());
      } else {
        tar.write(h.withName(rel));
      }
      written.add(rel);
    }
  }
}
