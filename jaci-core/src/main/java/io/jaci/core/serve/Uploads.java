package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The uploads in progress (acserver's protocol): each has a random ID, the user who started
 * it, and a directory on the store's file system holding its parts until it completes.
 *
 * <p>Several servers may serve one store, so each upload directory is owned by its server
 * process: its {@code .owner} file stays locked while the upload is open (the kernel drops a
 * dead process's locks). A directory whose owner is gone (a server that crashed or was
 * killed) is removed when a server starts and whenever an upload starts; another server's
 * uploads are never touched.
 *
 * <pre>
 * uploads/ID/.owner       locked by the server that started the upload
 * uploads/ID/image.aci    the ACI as it is uploaded
 * uploads/.new-ID/        an upload being created (renamed to ID once its owner is locked)
 * </pre>
 */
final class Uploads implements AutoCloseable {
  static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  static final String OWNER = ".owner";
  private static final String NEW = ".new-";
  private static final int MAX_OPEN = 16;
  private static final Duration EXPIRY = Duration.ofHours(1);
  /** How long a directory without a locked owner may be in the making. */
  private static final Duration CREATING = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();
  /**
   * The owner files this JVM holds: never opened by the cleaner (on Linux, closing any
   * channel of a file drops all of the process's locks on it).
   */
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  /** One upload; its parts are set by one request each. */
  static final class Upload {
    final String id;
    final AcIdentifier name;
    final String user;
    final Path dir;
    final Instant started = Instant.now();
    private final FileChannel owner;
    volatile Optional<byte[]> manifest = Optional.empty();
    volatile Optional<byte[]> signature = Optional.empty();
    volatile boolean gotAci;

    private Upload(String id, AcIdentifier name, String user, Path dir, FileChannel owner) {
      this.id = id;
      this.name = name;
      this.user = user;
      this.dir = dir;
      this.owner = owner;
    }

    Path aci() {
      return dir.resolve("image.aci");
    }
  }

  private final Path root;
  private final Map<String, Upload> open = new ConcurrentHashMap<>();

  /** Uploads under {@code root}; the leftovers of dead servers there are removed. */
  Uploads(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    Files.createDirectories(this.root);
    removeAbandoned();
  }

  Upload start(AcIdentifier name, String user) throws JaciException, IOException {
    expire();
    removeAbandoned();
    if (open.size() >= MAX_OPEN) {
      throw new JaciException("too many uploads in progress (" + MAX_OPEN + "): try again later");
    }
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String id = HexFormat.of().formatHex(random);
    Path making = Files.createDirectory(root.resolve(NEW + id));
    Path ownerFile = making.resolve(OWNER);
    FileChannel owner = FileChannel.open(ownerFile, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    try {
      owner.lock();
      owner.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      Path dir = Files.move(making, root.resolve(id));
      LIVE.add(dir.resolve(OWNER));
      Upload upload = new Upload(id, name, user, dir, owner);
      open.put(id, upload);
      return upload;
    } catch (IOException | RuntimeException e) {
      owner.close();
      deleteTree(making);
      throw e;
    }
  }

  /** The open upload {@code id} of {@code user}, if there is one. */
  Optional<Upload> get(String id, String user) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    Upload upload = open.get(id);
    return upload != null && upload.user.equals(user) ? Optional.of(upload) : Optional.empty();
  }

  /** Ends {@code upload}: forgets it, deletes what is left of its parts, then unlocks. */
  void end(Upload upload) {
    if (open.remove(upload.id) == null) {
      return;
    }
    try {
      deleteTree(upload.dir);
    } catch (IOException e) {
      // its owner is unlocked below: the next start of an upload or a server removes it
    }
    try {
      upload.owner.close();
    } catch (IOException ignored) {
      // closing releases the lock either way
    }
    LIVE.remove(upload.dir.resolve(OWNER));
  }

  /** Ends every open upload (the server stops). */
  @Override
  public void close() {
    for (Upload u : open.values()) {
      end(u);
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

  /** Removes the upload directories whose owner is gone. */
  private void removeAbandoned() throws IOException {
    FileTime recent = FileTime.from(Instant.now().minus(CREATING));
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (name.startsWith(NEW) ? isOlder(dir, recent)
            : ID.matcher(name).matches() && !open.containsKey(name) && ownerGone(dir, recent)) {
          deleteTree(dir);
        }
      }
    }
  }

  /**
   * Whether no process holds {@code dir}'s owner lock (checked by taking it; a lock of this
   * JVM is never probed). A directory without an owner file is gone only once it is old.
   */
  private static boolean ownerGone(Path dir, FileTime recent) throws IOException {
    Path ownerFile = dir.resolve(OWNER);
    if (LIVE.contains(ownerFile)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(ownerFile, StandardOpenOption.WRITE)) {
      FileLock lock = ch.tryLock();
      return lock != null; // released at once: nobody takes a dead upload's lock again
    } catch (OverlappingFileLockException ours) {
      return false;
    } catch (NoSuchFileException e) {
      return isOlder(dir, recent);
    }
  }

  private static boolean isOlder(Path p, FileTime than) {
    try {
      return Files.getLastModifiedTime(p).compareTo(than) < 0;
    } catch (IOException e) {
      return false;
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
