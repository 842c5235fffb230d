package io.jaci.core.deb;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.io.AtomicOutputFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies a file to a local path while hashing it, checking SHA256 and size as the bytes
 * arrive (a file that grows past its size is cut off at once); the target appears only when
 * both match.
 */
final class VerifiedDownload {
  private static final int BUFFER = 1 << 16;

  private VerifiedDownload() {}

  /** The file's content does not match the index. */
  static final class ChecksumMismatchException extends JaciException {
    private static final long serialVersionUID = 1L;

    ChecksumMismatchException(String message) {
      super(message);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /**
   * Fetches {@code uri} into {@code target}.
   *
   * @param what names the file in messages (e.g. the package)
   */
  static void fetch(RepositoryTransport transport, URI uri, String sha256, long size,
      Path target, String what, ProgressListener progress) throws JaciException {
    try {
      Files.createDirectories(target.getParent());
      try (AtomicOutputFile out = AtomicOutputFile.create(target, true);
          InputStream in = transport.open(uri)) {
        copyVerified(in, out.stream(), sha256, size, what + " (" + uri + ")", progress);
        out.commit();
      }
    } catch (IOException e) {
      throw new JaciException(what + ": " + uri + ": " + (e.getMessage() != null
          ? e.getMessage() : e.getClass().getSimpleName()), e);
    }
  }

  /** Feeds all of {@code in} to {@code md}. */
  static void hash(InputStream in, MessageDigest md) throws IOException {
    byte[] buf = new byte[BUFFER];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      md.update(buf, 0, n);
    }
  }

  /** Copies {@code in} to {@code out} and checks what was copied. */
  static void copyVerified(InputStream in, OutputStream out, String sha256, long size,
      String what, ProgressListener progress) throws IOException, ChecksumMismatchException {
    MessageDigest md = sha256();
    byte[] buf = new byte[BUFFER];
    long total = 0;
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      total += n;
      if (size >= 0 && total > size) {
        throw new ChecksumMismatchException(what + ": larger than the " + size
            + " bytes the index says (the mirror is inconsistent; try again later or another "
            + "mirror)");
      }
      md.update(buf, 0, n);
      if (out != null) {
        out.write(buf, 0, n);
      }
      progress.advance(n);
    }
    if (size >= 0 && total != size) {
      throw new ChecksumMismatchException(what + ": " + total + " bytes, the index says "
          + size + " (truncated download or inconsistent mirror)");
    }
    String actual = HexFormat.of().formatHex(md.digest());
    if (!actual.equals(sha256)) {
      throw new ChecksumMismatchException(what + ": SHA256 mismatch: expected " + sha256
          + ", got " + actual);
    }
  }
}
