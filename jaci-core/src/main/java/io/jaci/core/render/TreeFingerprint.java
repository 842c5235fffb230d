package io.jaci.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a cached tree looked like when it was made, from stat data alone: how many entries,
 * how many bytes of file content (a hard-linked file once), and the newest inode change time
 * (ctime, which every write, chmod, chown, rename, link or removal in the tree moves forward
 * and which no one can set back). Checking it costs a walk of the tree's stat data, a small
 * part of copying the tree (nothing when taken during the copy, from the stat data the copy
 * reads anyway), and tells an edited tree from an intact one without hashing contents
 * (which {@link TreeHash}, for {@code verify}, does).
 *
 * <p>Directories the process cannot list count as empty, the same every time.
 */
record TreeFingerprint(long entries, long bytes, long newestChangeNanos) {
  private static final String ATTRIBUTES = "unix:mode,size,ctime,ino,dev,nlink";
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;

  /** The fingerprint of the tree at {@code root} (not following symlinks). */
  static TreeFingerprint of(Path root) throws IOException {
    Counter counter = new Counter();
    Deque<Path> directories = new ArrayDeque<>();
    directories.push(root);
    counter.add(Files.readAttributes(root, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
    while (!directories.isEmpty()) { // no recursion: any depth
      try (DirectoryStream<Path> children = Files.newDirectoryStream(directories.pop())) {
        for (Path child : children) {
          Map<String, Object> a = Files.readAttributes(child, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
          counter.add(a);
          if (((Integer) a.get("mode") & S_IFMT) == S_IFDIR) {
            directories.push(child);
          }
        }
      } catch (AccessDeniedException unreadable) {
        // counted as empty, at every check alike
      }
    }
    return counter.result();
  }

  /**
   * Makes a fingerprint from the attributes of each entry of a tree ({@code unix:mode, size,
   * ctime, ino, dev, nlink}), as a walk that reads them anyway (a copy) hands them over.
   */
  static final class Counter {
    private final Set<List<Object>> linkedFiles = new HashSet<>();
    private long entries;
    private long bytes;
    private long newest = Long.MIN_VALUE;

    void add(Map<String, Object> a) {
      entries++;
      newest = Math.max(newest, ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
      if (((Integer) a.get("mode") & S_IFMT) == S_IFREG && ((Integer) a.get("nlink") == 1
          || linkedFiles.add(List.of(a.get("dev"), a.get("ino"))))) {
        bytes += (Long) a.get("size");
      }
    }

    TreeFingerprint result() {
      return new TreeFingerprint(entries, bytes, newest);
    }
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("entries", entries);
    json.put("bytes", bytes);
    json.put("newestChangeNanos", newestChangeNanos);
    return json;
  }

  /** The fingerprint recorded in {@code json}, or empty if there is none (an older entry). */
  static Optional<TreeFingerprint> fromJson(JsonNode json) {
    if (!json.path("entries").canConvertToLong() || !json.path("bytes").canConvertToLong()
        || !json.path("newestChangeNanos").canConvertToLong()) {
      return Optional.empty();
    }
    return Optional.of(new TreeFingerprint(json.get("entries").asLong(),
        json.get("bytes").asLong(), json.get("newestChangeNanos").asLong()));
  }
}
