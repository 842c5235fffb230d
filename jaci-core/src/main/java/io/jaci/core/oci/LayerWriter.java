package io.jaci.core.oci;

import io.jaci.core.JaciException;
import io.jaci.core.extract.FilteredLinks;
import io.jaci.core.extract.PathFilter;
import io.jaci.core.extract.TreeExtractor;
import io.jaci.core.io.ParallelGzipOutputStream;
import io.jaci.core.tar.EntryPath;
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
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Writes one OCI layer from an ACI's tar in one pass (two when a kept hard link names a
 * file the filter leaves out: that file comes at the end, under the link's name): the
 * whiteouts first (so that they
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
    return write(aciTar, filter, whiteouts, restored, file, compress, null);
  }

  /**
   * Writes the layer as above; {@code again} opens the ACI's tar anew for the files of kept
   * hard links whose target the filter leaves out (null: such a link is an error).
   */
  static Layer write(InputStream aciTar, PathFilter filter, List<String> whiteouts,
      List<RestoredFiles.Restored> restored, Path file, boolean compress,
      TreeExtractor.TarSource again) throws IOException, JaciException {
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
      NavigableSet<String> written = new TreeSet<>();
      FilteredLinks waiting = copyRootfs(new TarReader(new BufferedInputStream(aciTar, BUFFER)),
          filter, tar, written);
      if (!waiting.isEmpty()) {
        if (again == null) {
          throw new JaciException("entry \"rootfs/" + waiting.anyLeft().getValue().get(0)
              + "\": a hard link to a file the whitelist leaves out");
        }
        try (InputStream in = again.open()) {
          copyLinkedFiles(new TarReader(new BufferedInputStream(in, BUFFER)), waiting, tar,
              written);
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
    }
    Blob blob = new Blob(file, blobDigest.digest(), blobDigest.count());
    return new Layer(blob, tarDigest.digest(), compress);
  }

  /** The whiteout entry of {@code path}: {@code dir/.wh.name}, empty, root's, mode 0. */
  static TarHeader whiteout(String path) {
    return new TarHeader(EntryPath.whiteoutName(path), TarEntryType.REGULAR, 0, 0, 0, 0, 0, "",
        0, 0, null);
  }

  /** Copies the kept entries; returns the kept hard links that wait for a left-out file. */
  private static FilteredLinks copyRootfs(TarReader reader, PathFilter filter, TarWriter tar,
      NavigableSet<String> written) throws IOException, JaciException {
    FilteredLinks links = new FilteredLinks();
    for (TarEntry e = reader.next(); e != null; e = reader.next()) {
      TarHeader h = e.header();
      String what = "entry \"" + h.name() + "\"";
      String rel = EntryPath.belowRootfs(EntryPath.clean(h.name(), what));
      if (rel == null) {
        continue; // the manifest
      }
      if (rel.isEmpty()) {
        tar.write(h.withName("."));
        continue;
      }
      String target = h.type() != TarEntryType.HARD_LINK ? null
          : EntryPath.belowRootfs(EntryPath.clean(h.linkName(), what));
      if (!filter.keep("/" + rel, h.type())) {
        if (target != null) {
          links.leftOut(rel, target);
        }
        continue;
      }
      if (h.type() == TarEntryType.HARD_LINK) {
        if (target == null) {
          continue; // outside the rootfs: the renderer refuses it
        }
        String file = links.fileOf(target);
        if (!filter.keep("/" + file, TarEntryType.REGULAR)) {
          links.waiting(rel, file); // it gets the file, as the renderer does
          continue;
        }
        if (!written.contains(file)) {
          continue; // not an earlier entry: the renderer refuses it
        }
        tar.write(link(rel, h, file));
      } else if (h.type() == TarEntryType.REGULAR) {
        tar.write(h.withName(rel), reader.content());
      } else {
        tar.write(h.withName(rel));
      }
      written.add(rel);
    }
    return links;
  }

  /** The left-out files of waiting links, under the first free name, the others linked. */
  private static void copyLinkedFiles(TarReader reader, FilteredLinks links, TarWriter tar,
      NavigableSet<String> written) throws IOException, JaciException {
    for (TarEntry e = reader.next(); e != null && !links.isEmpty(); e = reader.next()) {
      TarHeader h = e.header();
      String rel = EntryPath.belowRootfs(EntryPath.clean(h.name(), "entry \"" + h.name()
          + "\""));
      List<String> names = rel == null || h.type() == TarEntryType.HARD_LINK
          || h.type() == TarEntryType.DIRECTORY ? null : links.take(rel);
      String first = null;
      for (String name : names == null ? List.<String>of() : names) {
        String below = written.ceiling(name + "/");
        if (written.contains(name) || below != null && below.startsWith(name + "/")) {
          continue; // a later entry took the name: it wins, as in the renderer
        }
        if (first == null) {
          if (h.type() == TarEntryType.REGULAR) {
            tar.write(h.withName(name), reader.content());
          } else {
            tar.write(h.withName(name));
          }
          first = name;
        } else {
          tar.write(link(name, h, first));
        }
        written.add(name);
      }
    }
    if (!links.isEmpty()) {
      throw new JaciException("entry \"rootfs/" + links.anyLeft().getValue().get(0)
          + "\": hard link to \"rootfs/" + links.anyLeft().getKey()
          + "\", which is not a file of the image");
    }
  }

  private static TarHeader link(String name, TarHeader h, String target) {
    return new TarHeader(name, TarEntryType.HARD_LINK, h.mode(), h.uid(), h.gid(), 0, h.mtime(),
        target, h.devMajor(), h.devMinor(), h.xattrs());
  }
}
