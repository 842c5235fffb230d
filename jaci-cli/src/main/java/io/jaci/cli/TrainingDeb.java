package io.jaci.cli;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** A one-file Debian package for {@link CdsTraining}: ar, control.tar.xz, data.tar.xz. */
final class TrainingDeb {
  private TrainingDeb() {}

  static void write(Path file) throws IOException {
    byte[] control = tarXz("control", "Package: train\nVersion: 1\nArchitecture: all\n"
        + "Maintainer: jaci <jaci@example.invalid>\nDescription: CDS training\n");
    byte[] data = tarXz("usr/share/train", "train\n");
    try (OutputStream out = Files.newOutputStream(file);
        ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
      member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
      member(ar, "control.tar.xz", control);
      member(ar, "data.tar.xz", data);
    }
  }

  private static void member(ArArchiveOutputStream ar, String name, byte[] bytes)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length, 0, 0, 0100644, 0));
    ar.write(bytes);
    ar.closeArchiveEntry();
  }

  private static byte[] tarXz(String name, String content) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try (TarWriter tar = new TarWriter(new XZOutputStream(b, new LZMA2Options(1)))) {
      tar.write(new TarHeader("./", TarEntryType.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0, null));
      tar.write(new TarHeader("./" + name, TarEntryType.REGULAR, 0644, 0, 0, bytes.length, 0,
          "", 0, 0, null), new ByteArrayInputStream(bytes));
    }
    return b.toByteArray();
  }
}
