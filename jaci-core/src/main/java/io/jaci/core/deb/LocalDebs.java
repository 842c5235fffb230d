package io.jaci.core.deb;

import io.jaci.core.JaciException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Reads {@code .deb} files the user names ({@code --deb}): their control and checksum. */
public final class LocalDebs {
  private LocalDebs() {}

  /**
   * Reads {@code file}'s control fields and hashes the whole file (so that a lock file can
   * pin it).
   *
   * @throws JaciException {@code FILE: what is wrong} for a missing, truncated or foreign file
   */
  public static DebPackage read(Path file) throws JaciException {
    MessageDigest md = VerifiedDownload.sha256();
    DebFile.Control control;
    long size;
    try (InputStream in = Files.newInputStream(file)) {
      try (DebFile deb = DebFile.open(in, file.toString())) {
        control = deb.control();
        // the data member must be there and whole: a truncated file is refused now, not
        // halfway through writing the image
        try (InputStream data = deb.data()) {
          data.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
          throw deb.failure(e);
        }
      }
      size = Files.size(file);
      try (InputStream again = Files.newInputStream(file)) {
        VerifiedDownload.hash(again, md);
      }
    } catch (NoSuchFileException e) {
      throw new JaciException(file + ": no such file");
    } catch (IOException e) {
      throw new JaciException(file + ": " + io.jaci.core.io.IoMessages.reason(e), e);
    }
    ControlParagraph c = control.control();
    String name = c.get("Package").map(String::strip).orElseThrow(
        () -> new JaciException(file + ": the control file has no Package field"));
    String arch = c.get("Architecture").map(String::strip).orElseThrow(
        () -> new JaciException(file + ": the control file has no Architecture field"));
    DebianVersion version;
    try {
      version = DebianVersion.parse(c.getOrEmpty("Version"));
    } catch (IllegalArgumentException e) {
      throw new JaciException(file + ": " + e.getMessage());
    }
    return new DebPackage(name, version, arch, c, file.toAbsolutePath().toUri(),
        file.getFileName().toString(), HexFormat.of().formatHex(md.digest()), size, true);
  }

}
