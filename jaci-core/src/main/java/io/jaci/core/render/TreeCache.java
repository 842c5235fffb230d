package io.jaci.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jaci.core.fs.OwnerAccess;
import io.jaci.core.io.AtomicOutputDirectory;
import io.jaci.core.spec.ImageId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Rendered trees, kept so that rendering an image again is a copy, not a re-extraction.
 * An entry {@code trees/<key>/} holds {@code rootfs/} and, written last, {@code info.json}
 * with the layers it was made of and the tree's {@link TreeHash} (mtimes excluded); an entry
 * without {@code info.json} is unfinished and is never used. The key is the SHA-512 of the
 * resolved layer list, so any change to a dependency is a new key. {@code info.json} also
 * says whether the tree has extended attributes at all, so that copying a tree without any
 * does not ask each file for them.
 *
 * <p>An entry is served only while it is as it was made: {@code info.json} records the
 * tree's {@link TreeFingerprint} and a stamp of each layer's stored blob ({@link
 * ImageSource#blobStamp}); a tree edited by hand, or made from a blob that was rewritten
 * since, is removed and rendered again.
 *
 * <p>A tree rendered by a normal user is kept readable to its owner: entries whose mode
 * keeps the owner out (a 0000 {@code /etc/shadow}, a 0000 directory) are opened to it, and
 * their real modes are listed in {@code modes.json} beside {@code rootfs/}, to be given to
 * every copy. Reading a cached tree back so changes nothing in it (no race between renders,
 * no chmod of shared files), and removing it needs no special care.
 */
public final class TreeCache {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INFO = "info.json";
  private static final String MODES = "modes.json";

  private final Path dir;

  public TreeCache(Path treesDirectory) {
    this.dir = treesDirectory;
  }

  /** A cache entry: its key, its layers and where its rootfs is. */
  public record Entry(String key, List<ImageId> layers, String contentHash, Path rootfs) {}

  static String key(List<RenderLayer> layers) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-512");
      d.update("jaci-tree-v1\n".getBytes(StandardCharsets.US_ASCII));
      for (RenderLayer l : layers) {
        d.update((l.id() + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      return HexFormat.of().formatHex(d.digest()).substring(0, 64);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A finished entry's tree, whether it may have extended attributes, its fingerprint when it
   * was made (the copy out of the cache checks it), and the modes its copies get instead of
   * the ones it has.
   */
  record Tree(Path rootfs, boolean xattrs, TreeFingerprint fingerprint,
      List<WithheldMode> withheldModes) {}

  /**
   * The mode of the entry at {@code path} (relative to the rootfs, empty for its root) that
   * the cached tree does not have; parents come before what is inside them.
   */
  record WithheldMode(String path, int mode) {}

  /**
   * Opens the entries of {@code rootfs} (inside the work directory {@code work}) that keep
   * this process out, and writes their modes to the work directory; none for root.
   */
  static List<WithheldMode> withholdModes(Path work, Path rootfs) throws IOException {
    List<WithheldMode> withheld = new ArrayList<>();
    for (OwnerAccess.Opened o : OwnerAccess.forThisProcess().openTree(rootfs).opened()) {
      withheld.add(new WithheldMode(rootfs.relativize(o.path()).toString(), o.mode()));
    }
    if (!withheld.isEmpty()) {
      ArrayNode json = JSON.createArrayNode();
      for (WithheldMode w : withheld) {
        json.addObject().put("path", w.path()).put("mode", w.mode());
      }
      Files.write(work.resolve(MODES), JSON.writeValueAsBytes(json));
    }
    return withheld;
  }

  /** Gives the copy at {@code rootfs} the withheld modes, what is inside a directory first. */
  static void restoreModes(Path rootfs, List<WithheldMode> withheld) throws IOException {
    for (int i = withheld.size() - 1; i >= 0; i--) {
      WithheldMode w = withheld.get(i);
      Path p = w.path().isEmpty() ? rootfs : rootfs.resolve(w.path());
      Files.setAttribute(p, "unix:mode", w.mode());
    }
  }

  private static List<WithheldMode> readWithheldModes(Path entry) throws IOException {
    List<WithheldMode> withheld = new ArrayList<>();
    byte[] json;
    try {
      json = Files.readAllBytes(entry.resolve(MODES));
    } catch (java.nio.file.NoSuchFileException e) {
      return withheld;
    }
    for (JsonNode n : JSON.readTree(json)) {
      String path = n.path("path").asText();
      if (path.startsWith("/") || java.util.Arrays.asList(path.split("/")).contains("..")) {
        throw new IOException(entry.resolve(MODES) + ": path " + path + " leaves the tree");
      }
      withheld.add(new WithheldMode(path, n.path("mode").asInt() & 07777));
    }
    return withheld;
  }

  /**
   * The finished entry for {@code key}, marked as used now, if it was made from blobs
   * stamped {@code blobStamps} and recorded its fingerprint; any other entry is removed, and
   * {@code changed} hears why in a line.
   */
  Optional<Tree> lookup(String key, List<String> blobStamps, Consumer<String> changed)
      throws IOException {
    Path entry = dir.resolve(key);
    Path info = entry.resolve(INFO);
    byte[] json;
    try {
      json = Files.readAllBytes(info);
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
    JsonNode node = JSON.readTree(json);
    Optional<TreeFingerprint> recorded = TreeFingerprint.fromJson(node.path("fingerprint"));
    List<String> stamps = new ArrayList<>();
    node.path("blobStamps").forEach(n -> stamps.add(n.asText()));
    String why = recorded.isEmpty() ? "cannot be checked (made by an older jaci)"
        : !stamps.equals(blobStamps) ? "was made from stored images rewritten since" : null;
    if (why != null) {
      changed.accept(discard(key, why));
      return Optional.empty();
    }
    Files.setLastModifiedTime(info, FileTime.from(Instant.now()));
    return Optional.of(new Tree(entry.resolve("rootfs"), node.path("xattrs").asBoolean(true),
        recorded.get(), readWithheldModes(entry)));
  }

  /**
   * Removes the entry {@code key}, which is not as it was made ({@code why}), moving it out
   * of the way first (another process may be doing the same); returns a line saying so.
   */
  String discard(String key, String why) throws IOException {
    Path entry = dir.resolve(key);
    String line = "the cached tree " + key.substring(0, 12) + " " + why + "; rendered it again";
    Path aside = dir.resolve(".stale-" + key + "-" + System.nanoTime());
    try {
      Files.move(entry, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.NoSuchFileException gone) {
      return line;
    }
    AtomicOutputDirectory.deleteTree(aside);
    return line;
  }

  /** Where the rootfs of entry {@code key} is (finished or not). */
  Path entryRootfs(String key) {
    return dir.resolve(key).resolve("rootfs");
  }

  /** A new, private directory in the cache to render into. */
  Path newWorkDirectory() throws IOException {
    Files.createDirectories(dir);
    return Files.createTempDirectory(dir, ".part-");
  }

  /**
   * Makes {@code work} (from {@link #newWorkDirectory()}, holding {@code rootfs/}) the entry
   * for {@code key}; returns the entry's rootfs, or empty when another process made the entry
   * meanwhile (then {@code work} is left to the caller).
   */
  Optional<Path> publish(String key, Path work) throws IOException {
    Path entry = dir.resolve(key);
    try {
      Files.move(work, entry, StandardCopyOption.ATOMIC_MOVE);
      return Optional.of(entry.resolve("rootfs"));
    } catch (java.nio.file.FileSystemException e) {
      // rename(2) onto another process's entry fails with ENOTEMPTY, which Java reports as a
      // plain FileSystemException; that process won the race, and its entry is as good
      if (Files.isDirectory(entry)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Records that the entry {@code key} is complete: its layers, their blobs' stamps, its
   * content hash and fingerprint.
   */
  void finish(String key, List<RenderLayer> layers, List<String> blobStamps,
      TreeHash.Summary content, TreeFingerprint fingerprint) throws IOException {
    ObjectNode info = JSON.createObjectNode();
    info.put("contentHash", content.hash());
    info.put("xattrs", content.xattrs());
    info.put("created", Instant.now().toString());
    info.set("fingerprint", fingerprint.toJson());
    layers.forEach(l -> info.withArray("layers").add(l.id().toString()));
    blobStamps.forEach(s -> info.withArray("blobStamps").add(s));
    Path tmp = dir.resolve(key).resolve(INFO + ".tmp");
    Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
    Files.move(tmp, dir.resolve(key).resolve(INFO), StandardCopyOption.ATOMIC_MOVE);
  }

  /** The finished entries. */
  public List<Entry> entries() throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return entries;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        Path info = p.resolve(INFO);
        if (p.getFileName().toString().startsWith(".") || !Files.isRegularFile(info)) {
          continue;
        }
        JsonNode json = JSON.readTree(info.toFile());
        List<ImageId> layers = new ArrayList<>();
        json.path("layers").forEach(n -> layers.add(ImageId.parse(n.asText())));
        entries.add(new Entry(p.getFileName().toString(), layers,
            json.path("contentHash").asText(), p.resolve("rootfs")));
      }
    }
    return entries;
  }

  /**
   * Re-hashes every finished entry; returns the problems found, one line each. With
   * {@code repair}, a damaged entry is removed (the next render makes it again).
   */
  public List<String> verify(boolean repair) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Entry e : entries()) {
      String actual = TreeHash.of(e.rootfs());
      if (!actual.equals(e.contentHash())) {
        problems.add("cached tree " + e.key().substring(0, 12) + ": content changed"
            + (repair ? " (removed; the next render makes it again)" : ""));
        if (repair) {
          AtomicOutputDirectory.deleteTree(dir.resolve(e.key()));
        }
      }
    }
    return problems;
  }

  /** What {@link #gc} removed: how many entries, and the bytes of their files. */
  public record Removed(int entries, long bytes) {}

  /**
   * Removes unfinished entries older than {@code grace}, finished entries not used within
   * {@code grace}, and entries made of an image that {@code present} no longer accepts.
   */
  public Removed gc(Predicate<ImageId> present, Duration grace) throws IOException {
    return gc(present, grace, Set.of());
  }

  /**
   * As {@link #gc(Predicate, Duration)}, but keeps the entries whose rootfs is in
   * {@code inUse} (the lower layers of running pods) whatever their age or images.
   */
  public Removed gc(Predicate<ImageId> present, Duration grace, Set<Path> inUse)
      throws IOException {
    int removed = 0;
    long bytes = 0;
    if (!Files.isDirectory(dir)) {
      return new Removed(0, 0);
    }
    Instant cutoff = Instant.now().minus(grace);
    List<Path> doomed = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        Path info = p.resolve(INFO);
        Path stamp = Files.isRegularFile(info) ? info : p;
        boolean old = Files.getLastModifiedTime(stamp).toInstant().isBefore(cutoff);
        boolean orphan = false;
        if (Files.isRegularFile(info)) {
          for (JsonNode n : JSON.readTree(info.toFile()).path("layers")) {
            orphan |= !present.test(ImageId.parse(n.asText()));
          }
        }
        boolean pinned = inUse.contains(p.resolve("rootfs").toAbsolutePath().normalize());
        if ((old || orphan) && !pinned) {
          doomed.add(p);
        }
      }
    }
    for (Path p : doomed) {
      long size = TreeFingerprint.of(p).bytes();
      AtomicOutputDirectory.deleteTree(p);
      removed++;
      bytes += size;
    }
    return new Removed(removed, bytes);
  }
}
