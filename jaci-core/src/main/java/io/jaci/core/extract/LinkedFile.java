package io.jaci.core.extract;

import static io.jaci.core.tar.EntryPath.quote;

import io.jaci.core.JaciException;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import java.io.IOException;
import java.util.List;

/**
 * Lays down a file that the filter left out under the names of the kept hard links to it
 * ({@link FilteredLinks}): the first free name gets the file, the others link to it. A name
 * that a later entry of the archive took (or put below something that is no directory now)
 * is not free: the later entry wins, as it would have over the link.
 */
final class LinkedFile {
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;

  private LinkedFile() {}

  /** Lays {@code file} (its entry, with {@code reader} at its content); returns the names. */
  static int lay(TarHeader file, TarReader reader, List<String> links, RootedTree tree,
      EntryWriter writer) throws IOException, JaciException {
    String first = null;
    int laid = 0;
    for (String link : links) {
      if (!free(link, tree)) {
        continue;
      }
      if (first == null) {
        switch (file.type()) {
          case REGULAR -> writer.regular(link, file, reader);
          case SYMLINK -> writer.symlink(link, file);
          case FIFO -> writer.fifo(link, file);
          case CHAR_DEVICE, BLOCK_DEVICE -> {
            if (!writer.device(link, file)) {
              return laid; // not permitted: noted by the writer, nothing to link to
            }
          }
          default -> throw new JaciException("entry " + quote(link) + ": hard link to "
              + quote(file.name()) + ", which is a " + file.type().name().toLowerCase()
                  .replace('_', ' ') + ", not a file");
        }
        first = link;
      } else {
        writer.hardLink(link, first);
      }
      laid++;
    }
    return laid;
  }

  /** Nothing is at {@code rel}, and its parents are real directories. */
  private static boolean free(String rel, RootedTree tree) throws IOException {
    for (int slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', slash + 1)) {
      int mode = RootedTree.lstatMode(tree.path(rel.substring(0, slash)));
      if (mode < 0 || (mode & S_IFMT) != S_IFDIR) {
        return false;
      }
    }
    return RootedTree.lstatMode(tree.path(rel)) < 0;
  }
}
