package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The uploads in progress (acserver's protocol): each has a random ID, the user who started
 * it, and a directory on the store's file system holding its parts until it completes.
 */
final class Uploads {
  static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  private static final int MAX_OPEN = 16;
  private static final Duration EXPIRY = Duration.ofHours(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One upload; its parts are set by one request each. */
  static final class Upload {
    final String id;
    final AcIdentifier name;
    final String user;
    final Path dir;
    final Instant started = Instant.now();
    volatile Optional<byte[]> manifest = Optional.empty();
    volatile Optional<byte[]> signature = Optional.empty();
    volatile boolean gotAci;

    Upload(String id, AcIdentifier name, String user, Path dir) {
      this.id = id;
      this.name = name;
      this.user = user;
      this.dir = dir;
    }

    Path aci() {
      return dir.resolve("image.aci");
    }
  }

  private final Path root;
  private final Map<String, Upload> open = new ConcurrentHashMap<>();

  /** Uploads under {@code root}, which is emptied first (a dead server's leftovers). */
  Uploads(Path root) throws IOException {
    this.root = root;
    deleteTree(root);
    Files.createDirectories(root);
  }

  Upload start(AcIdentifier name, String user) throws JaciException, IOException {
    expire();
    if (open.size() >= MAX_OPEN) {
      throw new JaciException("too many uploads in progress (" + MAX_OPEN + "): try again later");
    }
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String id = HexFormat.of().formatHex(random);
    Path dir = Files.createDirectory(root.resolve(id));
    Upload upload = new Upload(id, name, user, dir);
    open.put(id, upload);
    return upload;
  }

  /** The open upload {@code id} of {@code user}, if there is one. */
  Optional<Upload> get(String id, String user) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    Upload upload = open.get(id);
    return upload != null && upload.user.equals(user) ? Optional.of(upload) : Optional.empty();
  }

  /** Ends {@code upload}: forgets it and deletes what is left of its parts. */
  void end(Upload upload) {
    open.remove(upload.id);
    try {
      deleteTree(upload.dir);
    } catch (IOException e) {
      // left for the next start of the server
    }
  }

  private void expire() {
    Instant cutoff = Instant.now().minus(EXPIRY);
    for (Upload u : open.values()) {
      if (u.started.isBefore(cutoff)) {
        end(u);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
