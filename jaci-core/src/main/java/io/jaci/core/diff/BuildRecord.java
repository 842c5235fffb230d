package io.jaci.core.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jaci.core.JaciException;
import io.jaci.core.fs.ChangeStamp;
import io.jaci.core.io.IoMessages;
import io.jaci.core.spec.ImageId;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The record of a begun directory, {@code DIR/.jaci/record.jsonl}: what {@code jaci begin}
 * laid down, so that {@code jaci build} can tell what changed without a second copy of the
 * base and without root. JSON lines, streamable and {@code grep}-able: a header line naming
 * the base image, then one line per path in {@link io.jaci.core.fs.TreeScanner} order with
 * the file as the image has it (type, mode, owner, size, mtime, content SHA-512, link
 * target, device numbers, extended attributes in base64) and, under {@code laidDown}, what
 * differs on disk because {@code begin} ran without root; a regular file may have a {@code
 * stamp} ({@link ChangeStamp}: inode and ctime when its hash was known), which spares
 * hashing it again while it keeps it:
 *
 * <pre>
 * {"record":"jaci-begin","version":1,"base":"sha512-0f3c…"}
 * {"path":"/","type":"dir","mode":"0755","uid":0,"gid":0,"mtime":1700000000}
 * {"path":"/dev/null","type":"char","mode":"0666","uid":0,"gid":0,"mtime":1700000000,"major":1,"minor":3,"laidDown":{"absent":true}}
 * {"path":"/etc/passwd","type":"file","mode":"0644","uid":0,"gid":0,"size":30,"mtime":1700000000,"sha512":"9b71…","laidDown":{"uid":1000,"gid":1000}}
 * {"path":"/etc/passwd.bak","type":"hardlink","mode":"0644","uid":0,"gid":0,"mtime":1700000000,"link":"/etc/passwd"}
 * {"path":"/bin/sh","type":"symlink","mode":"0777","uid":0,"gid":0,"mtime":1700000000,"link":"busybox"}
 * </pre>
 *
 * <p>Fields that do not apply are left out: {@code size} and {@code sha512} but for files,
 * {@code link} but for links, {@code major} and {@code minor} but for devices, empty
 * {@code xattrs}, and in {@code laidDown} every value equal to the image's.
 */
final class BuildRecord {
  static final String DIRECTORY = ".jaci";
  static final String FILE = "record.jsonl";
  private static final String FORMAT = "jaci-begin";
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<TarEntryType, String> TYPES = Map.of(
      TarEntryType.REGULAR, "file", TarEntryType.HARD_LINK, "hardlink",
      TarEntryType.SYMLINK, "symlink", TarEntryType.CHAR_DEVICE, "char",
      TarEntryType.BLOCK_DEVICE, "block", TarEntryType.DIRECTORY, "dir",
      TarEntryType.FIFO, "fifo");

  private final ImageId base;
  private final Map<String, RecordEntry> entries;

  BuildRecord(ImageId base, Map<String, RecordEntry> entries) {
    this.base = base;
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** The record file of the directory {@code dir}. */
  static Path file(Path dir) {
    return dir.resolve(DIRECTORY).resolve(FILE);
  }

  ImageId base() {
    return base;
  }

  /** Every path's entry by clean relative path, in the record's order. */
  Map<String, RecordEntry> entries() {
    return entries;
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      ObjectNode head = JSON.createObjectNode();
      head.put("record", FORMAT).put("version", VERSION).put("base", base.toString());
      w.write(JSON.writeValueAsString(head));
      w.write('\n');
      for (RecordEntry e : entries.values()) {
        w.write(JSON.writeValueAsString(toJson(e)));
        w.write('\n');
      }
    }
  }

  static BuildRecord read(Path file) throws JaciException {
    Map<String, RecordEntry> entries = new LinkedHashMap<>();
    int line = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      line++;
      JsonNode head = JSON.readTree(nonNull(r.readLine()));
      if (!FORMAT.equals(head.path("record").asText())
          || head.path("version").asInt() != VERSION) {
        throw new IllegalArgumentException("not a version " + VERSION + " record");
      }
      ImageId base = ImageId.parse(head.path("base").asText());
      for (String text = r.readLine(); text != null; text = r.readLine()) {
        line++;
        RecordEntry e = fromJson(JSON.readTree(text));
        entries.put(e.path(), e);
      }
      return new BuildRecord(base, entries);
    } catch (IOException e) {
      throw new JaciException(IoMessages.about(file, e), e);
    } catch (RuntimeException e) {
      throw new JaciException(file + ": line " + line + ": damaged (" + e.getMessage()
          + "); begin the directory again with jaci begin", e);
    }
  }

  private static String nonNull(String line) {
    if (line == null) {
      throw new IllegalArgumentException("empty file");
    }
    return line;
  }

  private static ObjectNode toJson(RecordEntry e) {
    TarHeader h = e.image();
    ObjectNode o = JSON.createObjectNode();
    o.put("path", "/" + h.name());
    o.put("type", TYPES.get(h.type()));
    o.put("mode", String.format("%04o", h.mode()));
    o.put("uid", h.uid()).put("gid", h.gid());
    if (h.type() == TarEntryType.REGULAR) {
      o.put("size", h.size());
    }
    o.put("mtime", h.mtime());
    if (h.type() == TarEntryType.SYMLINK) {
      o.put("link", h.linkName());
    } else if (h.type() == TarEntryType.HARD_LINK) {
      o.put("link", "/" + h.linkName());
    }
    if (h.type() == TarEntryType.CHAR_DEVICE || h.type() == TarEntryType.BLOCK_DEVICE) {
      o.put("major", h.devMajor()).put("minor", h.devMinor());
    }
    putXattrs(o, h.xattrs());
    if (e.sha512() != null) {
      o.put("sha512", e.sha512());
    }
    if (e.stamp() != null) {
      o.put("stamp", e.stamp().toString());
    }
    RecordEntry.LaidDown d = e.laidDown();
    ObjectNode laid = JSON.createObjectNode();
    if (d.absent()) {
      laid.put("absent", true);
    } else {
      if (d.uid() != h.uid()) {
        laid.put("uid", d.uid());
      }
      if (d.gid() != h.gid()) {
        laid.put("gid", d.gid());
      }
      if (d.mode() != h.mode()) {
        laid.put("mode", String.format("%04o", d.mode()));
      }
      if (!RecordEntry.sameXattrs(d.xattrs(), h.xattrs())) {
        laid.set("xattrs", JSON.createObjectNode());
        putXattrs(laid, d.xattrs());
      }
    }
    if (!laid.isEmpty()) {
      o.set("laidDown", laid);
    }
    return o;
  }

  private static void putXattrs(ObjectNode o, Map<String, byte[]> xattrs) {
    if (!xattrs.isEmpty()) {
      ObjectNode x = o.putObject("xattrs");
      xattrs.forEach((k, v) -> x.put(k, Base64.getEncoder().encodeToString(v)));
    }
  }

  private static RecordEntry fromJson(JsonNode o) {
    String path = text(o, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path " + path + " is not absolute");
    }
    String typeName = text(o, "type");
    TarEntryType type = TYPES.entrySet().stream().filter(t -> t.getValue().equals(typeName))
        .map(Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown type " + typeName));
    String link = o.path("link").asText("");
    if (type == TarEntryType.HARD_LINK) {
      link = link.substring(1);
    }
    int mode = Integer.parseInt(text(o, "mode"), 8);
    SortedMap<String, byte[]> xattrs = xattrs(o.path("xattrs"));
    TarHeader h = new TarHeader(path.substring(1), type, mode, o.path("uid").asLong(),
        o.path("gid").asLong(), o.path("size").asLong(), o.path("mtime").asLong(), link,
        o.path("major").asInt(), o.path("minor").asInt(), xattrs);
    JsonNode d = o.path("laidDown");
    RecordEntry.LaidDown laid = d.path("absent").asBoolean()
        ? RecordEntry.LaidDown.absent(h)
        : new RecordEntry.LaidDown(false, d.path("uid").asLong(h.uid()),
            d.path("gid").asLong(h.gid()),
            d.has("mode") ? Integer.parseInt(d.get("mode").asText(), 8) : h.mode(),
            d.has("xattrs") ? xattrs(d.get("xattrs")) : h.xattrs());
    String sha = o.hasNonNull("sha512") ? o.get("sha512").asText() : null;
    ChangeStamp stamp = o.hasNonNull("stamp") ? ChangeStamp.parse(o.get("stamp").asText())
        : null;
    return new RecordEntry(h, sha, laid, stamp);
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("no " + field);
    }
    return n.asText();
  }

  private static SortedMap<String, byte[]> xattrs(JsonNode x) {
    SortedMap<String, byte[]> map = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      map.put(f.getKey(), Base64.getDecoder().decode(f.getValue().asText()));
    }
    return map;
  }
}
