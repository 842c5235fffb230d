package io.jaci.cli;

import io.jaci.core.trust.OpenPgpKey;
import java.util.ArrayList;
import java.util.List;

/** How a key is shown to people: fingerprint as gpg prints it, then its user IDs. */
final class PrintableKey {
  private PrintableKey() {}

  static List<String> lines(OpenPgpKey k) {
    List<String> lines = new ArrayList<>();
    lines.add("key " + k.fingerprint().pretty());
    k.userIds().forEach(id -> lines.add("  " + id));
    if (k.userIdCount() > k.userIds().size()) {
      lines.add("  (and " + (k.userIdCount() - k.userIds().size()) + " more user IDs)");
    }
    return lines;
  }
}
