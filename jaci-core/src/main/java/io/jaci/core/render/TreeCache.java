package io.jaci.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.function.Predicate;

/**
 * Rendered trees, kept so that rendering an image again is a copy, not a re-extraction.
 * An entry {@code trees/<key>/} holds {@code rootfs/} and, written last, {@code info.json}
 * with the layers it was made of and the tree's {@link TreeHash} (mtimes excluded); an entry
 * without {@code info.json} is unfinished and is never used. The key is the SHA-512 of the
 * resolved layer list, so any change to a dependency is a new key. {@code info.json} also
 * says whether the tree has extended attributes at all, so that copying a tree without any
 * does not ask each file for them.
 */
public final class TreeCache {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INFO = "info.json";

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

  /** A finished entry's tree, and whether it may have extended attributes. */
  record Tree(Path rootfs, boolean xattrs) {}

  /** The finished entry for {@code key}, marked as used now. */
  Optional<Tree> lookup(String key) throws IOException {
    Path entry = dir.resolve(key);
    Path info = entry.resolve(INFO);
    byte[] json;
    try {
      json = Files.readAllBytes(info);
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
    Files.setLastModifiedTime(info, FileTime.from(Instant.now()));
    // entries written before the flag existed may have them
    boolean xattrs = JSON.readTree(json).path("xattrs").asBoolean(true);
    return Optional.of(new Tree(entry.resolve("rootfs"), xattrs));
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

  /** Records that the entry {@code key} is complete: its layers and content hash. */
  void finish(String key, List<RenderLayer> layers, TreeHash.Summary content)
      throws IOException {
    ObjectNode info = JSON.createObjectNode();
    info.put("contentHash", content.hash());
    info.put("xattrs", content.xattrs());
    info.put("created", Instant.now().toString());
    layers.forEach(l -> info.withArray("layers").add(l.id().toString()));
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

  /**
   * Removes unfinished entries older than {@code grace}, finished entries not used within
   * {@code grace}, and entries made of an image that {@code present} no longer accepts.
   * Returns how many entries it removed.
   */
  public int gc(Predicate<ImageId> present, Duration grace) throws IOException {
    int removed = 0;
    if (!Files.isDirectory(dir)) {
      return 0;
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
        if (old || orphan) {
          doomed.add(p);
        }
      }
    }
    for (Path p : doomed) {
      AtomicOutputDirectory.deleteTree(p);
      removed++;
    }
    return removed;
  }
}
