package io.jaci.core.aci;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ManifestCheck;
import io.jaci.core.spec.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and validates the manifest file of an image layout. */
public final class LayoutManifest {
  /** Manifests are small; anything bigger is not one, and must not be read into memory. */
  static final int MAX_MANIFEST_BYTES = 16 << 20;

  private LayoutManifest() {}

  /** The bytes of the manifest {@code file}, checked to be a valid image manifest. */
  public static byte[] readValid(Path file) throws JaciException {
    byte[] bytes = read(file);
    ManifestCheck check = ManifestJson.check(bytes);
    if (!check.errors().isEmpty()) {
      throw new JaciException(file + ": invalid manifest: " + String.join("; ", check.errors()));
    }
    return bytes;
  }

  static byte[] read(Path file) throws JaciException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
      if (bytes.length > MAX_MANIFEST_BYTES) {
        throw new JaciException(file + ": too big for a manifest (over 16 MiB)");
      }
      return bytes;
    } catch (IOException e) {
      throw new JaciException("reading " + IoMessages.describe(e), e);
    }
  }
}
