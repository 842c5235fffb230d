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
    return of(dir, "gnupg", file);
  }

  /** The armored public key of the key in home {@code homeName} under {@code dir}. */
  static Path publicKey(Path dir, String homeName) throws IOException {
    Path out = dir.resolve(homeName + ".pub.asc");
    Files.deleteIfExists(out);
    ProcessRun.run(dir, Map.of("GNUPGHOME", dir.resolve(homeName).toString()),
        java.util.List.of(ExternalTool.require("gpg").toString(), "--batch", "--armor",
            "--output", out.toString(), "--export")).assertSuccess();
    return out;
  }

  /** The armored signature over {@code file} by the key of home {@code homeName}. */
  static String of(Path dir, String homeName, Path file) throws IOException {
    String gpg = ExternalTool.require("gpg").toString();
    Path home = dir.resolve(homeName);
    if (!Files.isDirectory(home)) {
      Files.createDirectories(home);
      Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions
          .fromString("rwx------"));
      ProcessRun.run(dir, Map.of("GNUPGHOME", home.toString()), java.util.List.of(gpg,
          "--batch", "--passphrase", "", "--quick-gen-key", "Serve Test <serve@example.com>",
          "ed25519", "sign", "never")).assertSuccess();
    }
    Path asc = dir.resolve(file.getFileName() + "." + homeName + "-asc");
    Files.deleteIfExists(asc);
    ProcessRun.run(dir, Map.of("GNUPGHOME", home.toString()), java.util.List.of(gpg, "--batch",
        "--armor", "--output", asc.toString(), "--detach-sign", file.toString()))
        .assertSuccess();
    return Files.readString(asc);
  }
}
