package io.jaci.core.deb;

import io.jaci.core.JaciException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repository's {@code Release} (or the signed text of {@code InRelease}): which index
 * files exist and their SHA256 and size, by path relative to the Release file.
 */
final class ReleaseFile {
  private static final String SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----";
  private static final String SIGNATURE = "-----BEGIN PGP SIGNATURE-----";

  private final ControlParagraph fields;
  private final Map<String, Checksum> sha256;

  /** An index file's SHA256 (lower-case hex) and size. */
  record Checksum(String sha256, long size) {}

  private ReleaseFile(ControlParagraph fields, Map<String, Checksum> sha256) {
    this.fields = fields;
    this.sha256 = sha256;
  }

  /**
   * Parses a Release file or the cleartext of an InRelease file.
   *
   * @param source names the file in error messages
   */
  static ReleaseFile parse(String text, String source) throws JaciException {
    String body = text.startsWith(SIGNED) ? clearSignedText(text, source) : text;
    List<ControlParagraph> ps;
    try {
      ps = ControlFileReader.parseAll(body, source);
    } catch (ControlFileReader.ControlFileException e) {
      throw new JaciException(e.getMessage(), e);
    }
    if (ps.isEmpty()) {
      throw new JaciException(source + ": empty Release file");
    }
    ControlParagraph p = ps.get(0);
    String list = p.get("SHA256").orElseThrow(() -> new JaciException(source
        + ": no SHA256 list (jaci verifies indices by SHA256; MD5 and SHA1 are not enough)"));
    Map<String, Checksum> sums = new HashMap<>();
    for (String line : list.split("\n")) {
      String[] w = line.strip().split("\\s+");
      if (w.length == 3 && w[0].matches("[0-9a-fA-F]{64}")) {
        try {
          sums.put(w[2], new Checksum(w[0].toLowerCase(java.util.Locale.ROOT),
              Long.parseLong(w[1])));
        } catch (NumberFormatException e) {
          throw new JaciException(source + ": bad size in SHA256 line \"" + line.strip() + "\"");
        }
      } else if (!line.isBlank()) {
        throw new JaciException(source + ": bad SHA256 line \"" + line.strip() + "\"");
      }
    }
    return new ReleaseFile(p, sums);
  }

  /** The signed text of a clear-signed message, dash-escaping undone. */
  static String clearSignedText(String text, String source) throws JaciException {
    int headerEnd = text.indexOf("\n\n");
    int sig = text.indexOf("\n" + SIGNATURE);
    if (headerEnd < 0 || sig < 0 || sig < headerEnd) {
      throw new JaciException(source + ": malformed clear-signed message");
    }
    StringBuilder b = new StringBuilder();
    for (String line : text.substring(headerEnd + 2, sig + 1).split("\n", -1)) {
      b.append(line.startsWith("- ") ? line.substring(2) : line).append('\n');
    }
    return b.toString();
  }

  /** The SHA256 and size of {@code path} (e.g. {@code main/binary-amd64/Packages.xz}). */
  Optional<Checksum> checksum(String path) {
    return Optional.ofNullable(sha256.get(path));
  }

  /** A field such as {@code Suite} or {@code Codename}. */
  Optional<String> field(String name) {
    return fields.get(name);
  }
}
