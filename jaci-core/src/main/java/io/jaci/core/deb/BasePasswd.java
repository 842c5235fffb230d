package io.jaci.core.deb;

import io.jaci.core.JaciException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /etc/passwd} and {@code /etc/group} as the {@code base-passwd} package makes them
 * when dpkg installs it into an empty root (its preinst writes the Debian-allocated users and
 * groups, the same as its {@code /usr/share/base-passwd/*.master} files): from-debs runs no
 * maintainer scripts, so it copies the master files instead. Without them nothing resolves a
 * user name ({@code whoami} fails, a named user cannot run).
 */
final class BasePasswd {
  static final String PACKAGE = "base-passwd";
  private static final int MAX_SIZE = 1 << 20;
  /** Master file -> the file made from it, both below the rootfs. */
  private static final Map<String, String> MASTERS = Map.of(
      "usr/share/base-passwd/passwd.master", "etc/passwd",
      "usr/share/base-passwd/group.master", "etc/group");

  private final Map<String, byte[]> found = new LinkedHashMap<>();

  /** Whether {@code name} (below the rootfs) is a master file whose content is kept. */
  boolean wants(String name) {
    return MASTERS.containsKey(name);
  }

  /** Keeps the master file {@code name} and returns its content again. */
  InputStream keep(String name, InputStream content, String pkg)
      throws IOException, JaciException {
    byte[] bytes = content.readNBytes(MAX_SIZE + 1);
    if (bytes.length > MAX_SIZE) {
      throw new JaciException(pkg + ": /" + name + " is over " + MAX_SIZE + " bytes");
    }
    found.put(MASTERS.get(name), bytes);
    return new ByteArrayInputStream(bytes);
  }

  /** {@code etc/passwd} and {@code etc/group} with their content. */
  Map<String, byte[]> files() throws JaciException {
    for (Map.Entry<String, String> m : MASTERS.entrySet()) {
      if (!found.containsKey(m.getValue())) {
        throw new JaciException("--base-passwd: no /" + m.getKey() + " in the " + PACKAGE
            + " package (was it excluded?)");
      }
    }
    return new java.util.TreeMap<>(found);
  }
}
