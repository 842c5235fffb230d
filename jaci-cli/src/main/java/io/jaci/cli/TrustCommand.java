package io.jaci.cli;

import io.jaci.core.trust.KeystoreDirs;
import io.jaci.core.trust.TrustedKeys;
import picocli.CommandLine.Command;

@Command(name = "trust", mixinStandardHelpOptions = true,
    description = {"Manage the OpenPGP keys trusted to sign images.",
        "Keys live in $XDG_CONFIG_HOME/jaci/trustedkeys (the user's) and"
            + " /etc/jaci/trustedkeys (the system's), as root.d/FINGERPRINT (any image) and"
            + " prefix.d/NAME/FINGERPRINT (images named NAME or NAME/...)."})
final class TrustCommand {
  @picocli.CommandLine.ParentCommand
  Main main;

  /** Reads the keystore, printing what it ignored as warnings. */
  static TrustedKeys load(Console console) {
    TrustedKeys keys = TrustedKeys.load(KeystoreDirs.defaults());
    keys.problems().forEach(console::warn);
    return keys;
  }
}
