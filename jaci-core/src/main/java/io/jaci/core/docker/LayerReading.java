package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.StreamPipe;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads one layer of a {@link SourceImage} entry by entry, to the very end, so that the
 * digest checks run: the blob's own, and the config's {@code diff_id} when asked or when the
 * source has no other check. Reading, checking and decompressing run on a thread of their
 * own, beside the caller's handling of the entries.
 */
final class LayerReading {
  private static final int BUFFER = 1 << 16;

  /** Handles one entry; {@code path} is clean and relative ("" for the root). */
  interface EntryHandler {
    void entry(String path, TarEntry entry, TarReader reader) throws IOException, JaciException;
  }

  private LayerReading() {}

  /**
   * Reads layer {@code index} of {@code image}, giving each entry to {@code handler}.
   *
   * @param checkDiffId check the uncompressed data against the config's {@code diff_ids}
   *     (always done when the source cannot check the layer otherwise)
   * @throws JaciException naming the layer (and the entry) on damaged, hostile or mismatching
   *     data
   */
  static void read(SourceImage image, int index, boolean checkDiffId, ProgressListener progress,
      EntryHandler handler) throws JaciException {
    String layer = image.layerName(index);
    String[] last = {null};
    try {
      // one thread reads, checks and decompresses, this one handles the entries
      StreamPipe.run("jaci-layer-read", out -> {
        try (InputStream opened = image.openLayer(index, progress)) {
          InputStream data = opened;
          if ((checkDiffId || !image.layersVerified()) && !image.diffIds().isEmpty()) {
            data = image.diffIds().get(index).verifying(opened, -1,
                layer + " (uncompressed, diff_id " + image.diffIds().get(index) + ")");
          }
          data.transferTo(out); // to the end: the digests are checked there
        }
      }, in -> {
        InputStream buffered = new BufferedInputStream(in, BUFFER);
        TarReader reader = new TarReader(buffered);
        for (TarEntry e = reader.next(); e != null; e = reader.next()) {
          last[0] = e.name();
          String what = layer + ": entry \"" + e.name() + "\"";
          handler.entry(LayerPaths.clean(e.name(), what), e, reader);
        }
        buffered.transferTo(OutputStream.nullOutputStream());
        return null;
      });
    } catch (IOException e) {
      String where = last[0] == null ? layer : layer + " after entry \"" + last[0] + "\"";
      String m = e.getMessage();
      throw new JaciException(m != null && m.startsWith(layer) ? m
          : where + ": " + IoMessages.describe(e), e);
    }
  }
}
