package io.jaci.core.oci;

import io.jaci.core.JaciException;
import io.jaci.core.extract.LayeredEntries;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.Sha512;
import io.jaci.core.render.ImageSource;
import io.jaci.core.spec.ImageId;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Files of lower layers that a layer has to lay down again: a whitelist that filters out a
 * file of its own dependency subtree which had replaced a sibling's file brings the
 * sibling's back, and a whiteout cannot do that. Their content is copied out of the lower
 * layers' tars (found by size and SHA-512) into scratch files. Rare; costs a read of the
 * layers below.
 */
final class RestoredFiles {
  /**
   * One file to lay down again.
   *
   * @param header its entry, named by its path below the root (a hard link comes back as a
   *     copy of its file)
   * @param content a scratch file holding a regular file's content, else null
   */
  record Restored(TarHeader header, Path content) {}

  private RestoredFiles() {}

  /**
   * The entries for {@code paths} (as laid down), content taken from {@code lower}.
   *
   * @param scratch where to keep the contents until the layer is written
   */
  static List<Restored> collect(NavigableMap<String, LayeredEntries.Laid> paths,
      List<ImageId> lower, ImageSource source, Path scratch) throws JaciException {
    Map<String, Path> contents = new HashMap<>();
    Set<Long> sizes = new HashSet<>();
    Set<String> wanted = new HashSet<>();
    for (LayeredEntries.Laid l : paths.values()) {
      if (l.sha512() != null && l.header().size() > 0) {
        sizes.add(l.header().size());
        wanted.add(l.sha512());
      }
    }
    for (ImageId id : lower) {
      if (contents.keySet().containsAll(wanted)) {
        break;
      }
      copyOut(id, source, sizes, wanted, contents, scratch);
    }
    List<Restored> out = new ArrayList<>();
    for (Map.Entry<String, LayeredEntries.Laid> e : paths.entrySet()) {
      TarHeader h = e.getValue().header();
      if (h == null) { // a directory the extractor made for a child
        h = new TarHeader(e.getKey(), TarEntryType.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0, null);
      }
      Path content = h.size() > 0 ? contents.get(e.getValue().sha512()) : null;
      if (h.size() > 0 && content == null) {
        throw new JaciException("/" + e.getKey() + ": its content is in no layer below");
      }
      out.add(new Restored(h.withName(e.getKey()), content));
    }
    return out;
  }

  private static void copyOut(ImageId id, ImageSource source, Set<Long> sizes,
      Set<String> wanted, Map<String, Path> contents, Path scratch) throws JaciException {
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = source.openTar(id);
        TarReader tar = new TarReader(new BufferedInputStream(in, 1 << 16))) {
      for (TarEntry e = tar.next(); e != null; e = tar.next()) {
        if (e.header().type() != TarEntryType.REGULAR || !sizes.contains(e.header().size())) {
          continue;
        }
        Path file = Files.createTempFile(scratch, ".restored-", ".part");
        Sha512 sha = Sha512.create();
        try (OutputStream out = Files.newOutputStream(file); InputStream c = tar.content()) {
          for (int n = c.read(buffer); n > 0; n = c.read(buffer)) {
            sha.update(buffer, 0, n);
            out.write(buffer, 0, n);
          }
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        if (wanted.contains(hex) && !contents.containsKey(hex)) {
          contents.put(hex, file);
        } else {
          Files.delete(file);
        }
      }
    } catch (IOException e) {
      throw new JaciException("reading " + id + ": " + IoMessages.describe(e), e);
    }
  }
}
