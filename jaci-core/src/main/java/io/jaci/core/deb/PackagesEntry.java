package io.jaci.core.deb;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/** Turns a {@code Packages} paragraph into a {@link DebPackage}. */
final class PackagesEntry {
  private PackagesEntry() {}

  /**
   * @param root what {@code Filename} is relative to
   * @param source names the index in messages
   */
  static DebPackage toPackage(ControlParagraph p, URI root, String source) throws IOException {
    String name = require(p, "Package", source, "?");
    String versionText = require(p, "Version", source, name);
    String filename = require(p, "Filename", source, name);
    String sha256 = require(p, "SHA256", source, name).strip().toLowerCase(Locale.ROOT);
    String size = require(p, "Size", source, name);
    DebianVersion version;
    try {
      version = DebianVersion.parse(versionText);
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": package " + name + ": " + e.getMessage());
    }
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IOException(source + ": package " + name + ": bad SHA256 \"" + sha256 + "\"");
    }
    if (filename.startsWith("/") || filename.contains("..")) {
      throw new IOException(source + ": package " + name + ": Filename \"" + filename
          + "\" leaves the repository");
    }
    long bytes;
    try {
      bytes = Long.parseLong(size.strip());
    } catch (NumberFormatException e) {
      throw new IOException(source + ": package " + name + ": bad Size \"" + size + "\"");
    }
    String arch = p.getOrEmpty("Architecture").strip();
    return new DebPackage(name.strip(), version, arch, p, root.resolve(filename.strip()),
        filename.strip(), sha256, bytes, false);
  }

  private static String require(ControlParagraph p, String field, String source, String pkg)
      throws IOException {
    return p.get(field).orElseThrow(() -> new IOException(source + ": package " + pkg
        + ": no " + field + " field"));
  }
}
