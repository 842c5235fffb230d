package io.jaci.core.deb;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The MD5 digests dpkg records while it unpacks one package: of each conffile, for the
 * {@code Conffiles} field of {@code status} (how dpkg later tells a changed conffile from the
 * packaged one), and, when the package ships no {@code md5sums}, of every regular file and
 * hard link, for the {@code md5sums} file dpkg then writes itself. Only those files are hashed.
 */
final class UnpackDigests {
  private final boolean everyFile;
  private final Set<String> conffiles;
  /** Relative path -> hex digest, in the package's tar order. */
  private final Map<String, String> digests = new LinkedHashMap<>();
  private final Map<String, MessageDigest> open = new HashMap<>();

  private UnpackDigests(boolean everyFile, Set<String> conffiles) {
    this.everyFile = everyFile;
    this.conffiles = conffiles;
  }

  static UnpackDigests of(DebFile.Control control) {
    Set<String> conffiles = new HashSet<>();
    if (control.conffiles() != null) {
      // "/etc/x", or with flags before it: "remove-on-upgrade /etc/y"
      for (String line : new String(control.conffiles(), StandardCharsets.UTF_8).split("\n")) {
        String[] words = line.strip().split("\\s+");
        String path = words[words.length - 1];
        if (path.startsWith("/") && words.length == 1) {
          conffiles.add(path.substring(1));
        }
      }
    }
    return new UnpackDigests(control.md5sums() == null, conffiles);
  }

  /** Whether the regular file {@code name} (relative) is hashed. */
  boolean wants(String name) {
    return everyFile || conffiles.contains(name);
  }

  /** {@code content} of {@code name}, hashed as it is read; call {@link #done} at its end. */
  InputStream digesting(String name, InputStream content) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
    open.put(name, md);
    return new DigestInputStream(content, md);
  }

  /** Records the digest of {@code name}'s content, read to its end. */
  void done(String name) {
    MessageDigest md = open.remove(name);
    if (md != null) {
      digests.put(name, java.util.HexFormat.of().formatHex(md.digest()));
    }
  }

  /** A hard link has its target's content. */
  void hardLink(String name, String target) {
    String d = digests.get(target);
    if (d != null && wants(name)) {
      digests.put(name, d);
    }
  }

  /** The md5sums file dpkg writes for a package without one, or null if it has one. */
  byte[] generatedMd5sums() {
    if (!everyFile) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    digests.forEach((name, d) -> b.append(d).append("  ").append(name).append('\n'));
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The value of the {@code Conffiles} field ("\n /etc/x HASH" lines), or null if none. */
  String conffilesField() {
    StringBuilder b = new StringBuilder();
    digests.forEach((name, d) -> {
      if (conffiles.contains(name)) {
        b.append("\n/").append(name).append(' ').append(d);
      }
    });
    return b.length() == 0 ? null : b.toString();
  }
}
