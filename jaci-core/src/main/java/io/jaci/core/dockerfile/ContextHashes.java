package io.jaci.core.dockerfile;

import io.jaci.core.fs.ChangeStamp;
import io.jaci.core.io.Sha256;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The SHA-256 of the build context's files, kept in the store between builds so that a
 * rebuild does not read a context that did not change. The hash is still what the step cache
 * keys on (content, never times); the {@link ChangeStamp} (inode, ctime) and size a file had
 * when it was hashed only tell that it was not written since: a file with another stamp, or
 * none yet (changed within the last second), is hashed again.
 *
 * <p>One file per context directory, {@code STORE/dockerfile-context/<key>}, a line per file:
 * {@code SHA256 SIZE INODE:CTIME PATH}. It is written only when a hash was taken that can be
 * kept (a rebuild with nothing changed writes nothing), atomically, with the files this build
 * looked at. A damaged file is ignored (everything is hashed again).
 */
final class ContextHashes {
  /** Hashes nothing is kept of. */
  static final ContextHashes NONE = new ContextHashes(null);
  private static final String DIRECTORY = "dockerfile-context";
  private static final long MAX_BYTES = 64L << 20;

  private record Entry(String sha256, long size, ChangeStamp stamp) {}

  private final Path file;
  private final Map<String, Entry> known = new HashMap<>();
  private final Map<String, Entry> used = new HashMap<>();
  private final long stampTime = ChangeStamp.now();
  private boolean added;

  private ContextHashes(Path file) {
    this.file = file;
  }

  /** The hashes kept in the store at {@code storeRoot} for the context {@code context}. */
  static ContextHashes load(Path storeRoot, Path context) {
    String key = StepImages.key("context", context.toAbsolutePath().normalize().toString());
    ContextHashes h = new ContextHashes(storeRoot.resolve(DIRECTORY).resolve(key.substring(0,
        32)));
    h.read();
    return h;
  }

  private void read() {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
        return;
      }
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] f = line.split(" ", 4);
          known.put(f[3], new Entry(f[0], Long.parseLong(f[1]), ChangeStamp.parse(f[2])));
        }
      }
    } catch (IOException | RuntimeException e) {
      known.clear(); // a cache: what cannot be read is hashed again
    }
  }

  /** The hex SHA-256 of the content of {@code path}, a regular file of {@code size} bytes. */
  String sha256(Path path, long size) throws IOException {
    if (file == null) {
      return hash(path);
    }
    String name = path.toAbsolutePath().toString();
    ChangeStamp stamp = ChangeStamp.readAt(path, stampTime); // before the content
    Entry e = known.get(name);
    if (stamp != null && e != null && e.size() == size && e.stamp().equals(stamp)) {
      used.put(name, e);
      return e.sha256();
    }
    String sha = hash(path);
    if (stamp != null && name.indexOf('\n') < 0) {
      used.put(name, new Entry(sha, size, stamp));
      added = true;
    }
    return sha;
  }

  private static String hash(Path path) throws IOException {
    Sha256 sha = Sha256.create();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(path)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Keeps the hashes this build used, when it took one worth keeping; a store that cannot
   * take them is no failure of the build (the next one hashes again).
   */
  void save() {
    if (file == null || !added) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(file.getParent());
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (Map.Entry<String, Entry> e : used.entrySet()) {
          Entry v = e.getValue();
          w.write(v.sha256() + " " + v.size() + " " + v.stamp() + " " + e.getKey() + "\n");
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      added = false;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a temporary file of the store's cache directory
      }
    }
  }
}
