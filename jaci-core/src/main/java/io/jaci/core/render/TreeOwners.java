package io.jaci.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jaci.core.extract.UnrestoredOwners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The owners a cached tree rendered by a normal user lacks: {@code owners.json} beside its
 * {@code rootfs/}, written before the entry is published. Only paths that are in the finished
 * tree below real directories (no symbolic link on the way, so that giving them their owners
 * in the tree cannot reach outside it) are kept. {@code jaci run} gives them to a pod's view of
 * the tree inside a user namespace where the image's IDs are mapped.
 */
public final class TreeOwners {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "owners.json";
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** An entry's owner and mode; {@code path} is relative to the rootfs, "" for its top. */
  public record Entry(String path, long uid, long gid, int mode, boolean symlink) {}

  private TreeOwners() {}

  /** Writes {@code owners} found in {@code rootfs} beside it (nothing when there are none). */
  static void write(Path rootfs, UnrestoredOwners owners) throws IOException {
    ArrayNode list = JSON.createArrayNode();
    for (Map.Entry<String, UnrestoredOwners.Owner> e : owners.entries().entrySet()) {
      if (!reachable(rootfs, e.getKey())) {
        continue;
      }
      UnrestoredOwners.Owner o = e.getValue();
      ObjectNode n = list.addObject();
      n.put("path", e.getKey());
      n.put("uid", o.uid());
      n.put("gid", o.gid());
      n.put("mode", o.mode());
      n.put("symlink", o.symlink());
    }
    if (!list.isEmpty()) {
      Files.write(rootfs.resolveSibling(FILE), JSON.writeValueAsBytes(list));
    }
  }

  /** Whether {@code rel} is "" or relative names without ".", ".." or empty ones. */
  private static boolean plain(String rel) {
    if (rel.isEmpty()) {
      return true;
    }
    for (String part : rel.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code rel} exists in {@code rootfs} with only directories on the way to it. */
  private static boolean reachable(Path rootfs, String rel) {
    if (rel.isEmpty()) {
      return true;
    }
    Path p = rootfs;
    String[] parts = rel.split("/");
    for (int i = 0; i < parts.length; i++) {
      p = p.resolve(parts[i]);
      boolean last = i == parts.length - 1;
      if (last ? !Files.exists(p, NOFOLLOW) : !Files.isDirectory(p, NOFOLLOW)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The owners the cached tree {@code rootfs} lacks (none for a tree rendered as root, or a
   * directory that is no cache entry); a listed path that is not plainly inside the tree, below
   * real directories, is left out (the list may have been edited by hand).
   */
  public static List<Entry> of(Path rootfs) throws IOException {
    if (!Files.isRegularFile(rootfs.resolveSibling("info.json"))) {
      return List.of(); // e.g. a layout DIR's rootfs: its owners.json is not ours
    }
    JsonNode node;
    try {
      node = JSON.readTree(Files.readAllBytes(rootfs.resolveSibling(FILE)));
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode n : node) {
      String path = n.path("path").asText();
      if (!plain(path) || !reachable(rootfs, path)) {
        continue;
      }
      entries.add(new Entry(path, n.path("uid").asLong(),
          n.path("gid").asLong(), n.path("mode").asInt(), n.path("symlink").asBoolean()));
    }
    return entries;
  }
}
