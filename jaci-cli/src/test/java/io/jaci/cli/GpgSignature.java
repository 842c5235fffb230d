package io.jaci.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Detached armored signatures made by gpg with a throw-away key. */
final class GpgSignature {
  private GpgSignature() {}

  /** The armored signature over {@code file} by a new key in a home under {@code dir}. */
  static String of(Path dir, Path file) throws IOException {
    String gpg = ExternalTool.require("gpg").toString();
    Path home = dir.resolve("gnupg");
    if (!Files.isDirectory(home)) {
      Files.createDirectories(home);
      Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions
          .fromString("rwx------"));
      ProcessRun.run(dir, Map.of("GNUPGHOME", home.toString()), java.util.List.of(gpg,
          "--batch", "--passphrase", "", "--quick-gen-key", "Serve Test <serve@example.com>",
          "ed25519", "sign", "never")).assertSuccess();
    }
    Path asc = dir.resolve(file.getFileName() + ".gpg-asc");
    Files.deleteIfExists(asc);
    ProcessRun.run(dir, Map.of("GNUPGHOME", home.toString()), java.util.List.of(gpg, "--batch",
        "--armor", "--output", asc.toString(), "--detach-sign", file.toString()))
        .assertSuccess();
    return Files.readString(asc);
  }
}
