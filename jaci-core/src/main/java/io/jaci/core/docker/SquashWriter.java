package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the rootfs of all layers of an image squashed into one, reading each layer once,
 * top layer first: an entry is written unless an upper layer hides it ({@link UpperLayers}),
 * so nothing is written twice and whiteouts never reach the output. Entries are in layer
 * order, top first, so a directory's own entry may follow its children (as any tar
 * extractor allows), while a hard link always follows its target:
 * <ul>
 *   <li>a link to a file of a lower layer waits until that file is read, and becomes a
 *       regular file (its other names links to it) if an upper layer hid the file's name;
 *   <li>a link to a file of its own layer that an upper layer hid is written as that file,
 *       read again from a second pass over the layer (rare: only then is a layer read twice).
 * </ul>
 */
final class SquashWriter {
  private static final String ROOTFS = "rootfs/";

  private final SourceImage image;
  private final TarWriter out;
  private final ProgressListener progress;
  private final UpperLayers upper = new UpperLayers();
  private final UserFiles userFiles = new UserFiles();
  /** Hard links waiting for their target in a lower layer, by target path. */
  private final Map<String, List<TarHeader>> waiting = new HashMap<>();

  SquashWriter(SourceImage image, TarWriter out, ProgressListener progress) {
    this.image = image;
    this.out = out;
    this.progress = progress;
  }

  /** Writes {@code rootfs} and everything below it; returns the image's user database. */
  UserFiles write() throws JaciException, IOException {
    out.write(new TarHeader("rootfs", TarEntryType.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0,
        null));
    for (int i = image.layerCount() - 1; i >= 0; i--) {
      writeLayer(i);
    }
    if (!waiting.isEmpty()) {
      String target = waiting.keySet().iterator().next();
      throw new JaciException("hard link \"" + waiting.get(target).get(0).name().substring(
          ROOTFS.length()) + "\" points to \"" + target + "\", which no layer has");
    }
    return userFiles;
  }

  private void writeLayer(int index) throws JaciException, IOException {
    Map<String, Boolean> filesKept = new HashMap<>();
    Map<String, List<TarHeader>> rescue = new LinkedHashMap<>();
    LayerReading.read(image, index, false, progress, (path, e, reader) -> {
      if (path.isEmpty()) {
        return; // the root: rootfs is written once, above
      }
      EntryPath.Whiteout w = LayerPaths.whiteout(path, image.layerName(index));
      if (w != null) {
        upper.whiteout(w);
        return;
      }
      TarHeader h = e.header();
      boolean directory = h.type() == TarEntryType.DIRECTORY;
      boolean hidden = upper.hides(path, directory);
      upper.seen(path, directory);
      List<TarHeader> links = waiting.remove(path);
      if (links != null && h.type() != TarEntryType.REGULAR) {
        if (h.type() != TarEntryType.HARD_LINK) {
          throw new JaciException(image.layerName(index) + ": hard link \""
              + links.get(0).name().substring(ROOTFS.length()) + "\" points to \"" + path
              + "\", which is no regular file");
        }
        linkTo(linkTarget(h, index), links, filesKept, rescue);
      }
      if (hidden) {
        if (h.type() == TarEntryType.REGULAR) {
          filesKept.put(path, false);
          if (links != null) {
            writeAsFile(h, reader.content(), links);
          }
        }
        return;
      }
      upper.keep(path, directory);
      switch (h.type()) {
        case REGULAR -> {
          writeFile(path, h, reader.content());
          filesKept.put(path, true);
          if (links != null) {
            writeLinks(ROOTFS + path, links);
          }
        }
        case HARD_LINK -> linkTo(linkTarget(h, index), List.of(h.withName(ROOTFS + path)),
            filesKept, rescue);
        default -> out.write(h.withName(ROOTFS + path));
      }
    });
    upper.endLayer();
    if (!rescue.isEmpty()) {
      rescue(index, rescue);
    }
  }

  private String linkTarget(TarHeader h, int index) throws JaciException {
    String target = LayerPaths.clean(h.linkName(), image.layerName(index) + ": hard link \""
        + h.name() + "\" to \"" + h.linkName() + "\"");
    if (target.isEmpty()) {
      throw new JaciException(image.layerName(index) + ": hard link \"" + h.name()
          + "\" points to the root directory");
    }
    return target;
  }

  /** Links (headers named ROOTFS + path) to {@code target} as seen from the current layer. */
  private void linkTo(String target, List<TarHeader> links, Map<String, Boolean> filesKept,
      Map<String, List<TarHeader>> rescue) throws IOException {
    Boolean kept = filesKept.get(target);
    if (kept == null) {
      waiting.computeIfAbsent(target, t -> new ArrayList<>()).addAll(links);
    } else if (kept) {
      writeLinks(ROOTFS + target, links);
    } else {
      rescue.computeIfAbsent(target, t -> new ArrayList<>()).addAll(links);
    }
  }

  private void writeFile(String path, TarHeader h, InputStream content) throws IOException {
    if (UserFiles.wants(path) && h.size() <= UserFiles.MAX_SIZE) {
      byte[] bytes = content.readNBytes((int) h.size());
      userFiles.put(path, bytes);
      out.write(h.withName(ROOTFS + path), new ByteArrayInputStream(bytes));
    } else {
      out.write(h.withName(ROOTFS + path), content);
    }
  }

  /** The first link becomes the file (with the target's metadata), the others links to it. */
  private void writeAsFile(TarHeader file, InputStream content, List<TarHeader> links)
      throws IOException {
    String first = links.get(0).name();
    writeFile(first.substring(ROOTFS.length()), file, content);
    writeLinks(first, links.subList(1, links.size()));
  }

  private void writeLinks(String targetName, List<TarHeader> links) throws IOException {
    for (TarHeader link : links) {
      out.write(new TarHeader(link.name(), TarEntryType.HARD_LINK, link.mode(), link.uid(),
          link.gid(), 0, link.mtime(), targetName, 0, 0, link.xattrs()));
    }
  }

  /** Reads layer {@code index} again for the files that hidden-target links need. */
  private void rescue(int index, Map<String, List<TarHeader>> rescue) throws JaciException {
    LayerReading.read(image, index, false, ProgressListener.NONE, (path, e, reader) -> {
      if (e.header().type() == TarEntryType.REGULAR) {
        List<TarHeader> links = rescue.remove(path);
        if (links != null) {
          writeAsFile(e.header(), reader.content(), links);
        }
      }
    });
  }
}
