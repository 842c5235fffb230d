package io.jaci.core.diff;

import io.jaci.core.io.Sha512;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** The hex SHA-512 of a file's content, as the record keeps it. */
final class ContentHash {
  private ContentHash() {}

  static String of(Path file) throws IOException {
    Sha512 sha = Sha512.create();
    byte[] buffer = new byte[1 << 17];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
