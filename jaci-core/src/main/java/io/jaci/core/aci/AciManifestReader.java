package io.jaci.core.aci;

import io.jaci.core.JaciException;
import io.jaci.core.io.Compression;
import io.jaci.core.io.IoMessages;
import io.jaci.core.tar.EntryPath;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the manifest of an ACI, decompressing only as far as the manifest entry: at once
 * when it comes first (as jaci writes it), through the whole file when it comes last (as
 * the reference actool writes it).
 */
public final class AciManifestReader {
  private AciManifestReader() {}

  /**
   * The raw manifest bytes from {@code head}, the first bytes of an ACI: empty when the
   * manifest entry does not come (whole) within them, or they are not an ACI's start.
   */
  public static java.util.Optional<byte[]> fromHead(byte[] head) {
    try {
      return java.util.Optional.of(read(new java.io.ByteArrayInputStream(head), "the head"));
    } catch (JaciException e) {
      return java.util.Optional.empty();
    }
  }

  /** The raw manifest bytes of the ACI at {@code file}. */
  public static byte[] read(Path file) throws JaciException {
    try {
      return read(Files.newInputStream(file), file.toString());
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
  }

  private static byte[] read(java.io.InputStream aci, String file) throws JaciException {
    try (TarReader tar = new TarReader(Compression.decompressing(aci))) {
      for (TarEntry e = tar.next(); e != null; e = tar.next()) {
        String name;
        try {
          name = EntryPath.clean(e.name());
        } catch (EntryPath.UnsafeNameException bad) {
          continue;
        }
        if (name.equals("manifest") && e.header().type() == TarEntryType.REGULAR) {
          if (e.header().size() > LayoutManifest.MAX_MANIFEST_BYTES) {
            throw new JaciException(file + ": the manifest entry is over 16 MiB, not a manifest");
          }
          return tar.content().readAllBytes();
        }
      }
    } catch (Compression.UnknownFormatException e) {
      throw new JaciException(file + ": not an ACI: " + e.getMessage());
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    }
    throw new JaciException(file + ": no manifest entry (is it an ACI?)");
  }
}
