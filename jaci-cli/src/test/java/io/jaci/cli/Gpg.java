package io.jaci.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real gpg with its own temporary home: keys are made in the test ({@code --batch
 * --quick-gen-key}), never read from the machine's keyrings. {@link #close()} stops the
 * agent this home started.
 */
final class Gpg implements AutoCloseable {
  private final Path home;
  private final Path gpg;

  Gpg(Path home) throws IOException {
    this.gpg = ExternalTool.require("gpg");
    this.home = Files.createDirectories(home);
    Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions
        .fromString("rwx------"));
  }

  /** Runs gpg with {@code args} in {@code dir}; the caller checks the outcome. */
  ProcessRun run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of(gpg.toString(), "--batch", "--no-tty",
        "--pinentry-mode", "loopback"));
    cmd.addAll(List.of(args));
    return ProcessRun.run(dir, Map.of("GNUPGHOME", home.toString()), cmd);
  }

  ProcessRun ok(Path dir, String... args) {
    return run(dir, args).assertSuccess();
  }

  /**
   * Makes a key and returns its fingerprints, primary first.
   *
   * @param passphrase "" for none
   * @param fakedTime null, or gpg's --faked-system-time (e.g. 20200101T000000)
   */
  List<String> generate(String userId, String algo, String usage, String expire,
      String passphrase, String fakedTime) {
    List<String> args = new ArrayList<>();
    if (fakedTime != null) {
      args.addAll(List.of("--faked-system-time", fakedTime));
    }
    args.addAll(List.of("--passphrase", passphrase, "--quick-gen-key", userId, algo, usage,
        expire));
    ok(home, args.toArray(String[]::new));
    return fingerprints(userId);
  }

  /** The fingerprints of the key with {@code userId}: primary, then subkeys in order. */
  List<String> fingerprints(String userId) {
    List<String> fprs = new ArrayList<>();
    for (String line : ok(home, "--with-colons", "--list-keys", userId).out().split("\n")) {
      if (line.startsWith("fpr:")) {
        fprs.add(line.split(":")[9].toLowerCase(java.util.Locale.ROOT));
      }
    }
    return fprs;
  }

  /** A fingerprint as gpg prints it: upper case in groups of four. */
  static String pretty(String hex) {
    StringBuilder b = new StringBuilder();
    String upper = hex.toUpperCase(java.util.Locale.ROOT);
    for (int i = 0; i < upper.length(); i += 4) {
      b.append(i == 0 ? "" : i == upper.length() / 2 ? "  " : " ").append(upper, i, i + 4);
    }
    return b.toString();
  }

  Path home() {
    return home;
  }

  @Override
  public void close() {
    Path gpgconf = ExternalTool.find("gpgconf");
    if (gpgconf != null) {
      ProcessRun.run(home, Map.of("GNUPGHOME", home.toString()),
          List.of(gpgconf.toString(), "--kill", "gpg-agent"));
    }
  }
}
