package io.jaci.core.docker;

import io.jaci.core.registry.Digest;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarReader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/** Layer tars and images made in memory for tests, and a readable listing of a tar. */
final class TestLayers {
  static final long MTIME = 1_600_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarWriter tar = new TarWriter(bytes);

  static TestLayers layer() {
    return new TestLayers();
  }

  TestLayers dir(String name) {
    return entry(new TarHeader(name, TarEntryType.DIRECTORY, 0755, 0, 0, 0, MTIME, "", 0, 0,
        null), null);
  }

  TestLayers file(String name, String content) {
    return file(name, content, 0644, 0, 0);
  }

  TestLayers file(String name, String content, int mode, long uid, long gid) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    return entry(new TarHeader(name, TarEntryType.REGULAR, mode, uid, gid, data.length, MTIME,
        "", 0, 0, null), data);
  }

  TestLayers symlink(String name, String target) {
    return entry(new TarHeader(name, TarEntryType.SYMLINK, 0777, 0, 0, 0, MTIME, target, 0, 0,
        null), null);
  }

  TestLayers hardLink(String name, String target) {
    return entry(new TarHeader(name, TarEntryType.HARD_LINK, 0644, 0, 0, 0, MTIME, target, 0, 0,
        null), null);
  }

  /** {@code .wh.BASE} beside {@code path}. */
  TestLayers whiteout(String path) {
    int slash = path.lastIndexOf('/');
    return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), "");
  }

  TestLayers opaque(String dir) {
    return file(dir + "/.wh..wh..opq", "");
  }

  private TestLayers entry(TarHeader h, byte[] data) {
    try {
      if (data == null) {
        tar.write(h);
      } else {
        tar.write(h, new ByteArrayInputStream(data));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  byte[] tar() {
    try {
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A config with the given User and the layers' diff IDs. */
  static ImageConfig config(String user, List<byte[]> layerTars) {
    List<Digest> diffIds = new ArrayList<>();
    layerTars.forEach(t -> diffIds.add(Digest.sha256(t)));
    return new ImageConfig("linux", "amd64", "", user, List.of("PATH=/bin"), List.of("/entry"),
        List.of("arg"), "/", List.of(), List.of(), Map.of(), "2024-01-02T03:04:05Z", "", diffIds);
  }

  /** An image of these uncompressed layer tars (stored gzip-compressed), bottom first. */
  static SourceImage image(ImageOrigin origin, ImageConfig config, List<byte[]> layerTars) {
    List<byte[]> stored = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < layerTars.size(); i++) {
      stored.add(gzip(layerTars.get(i)));
      sizes.add((long) stored.get(i).length);
      names.add("layer " + i);
    }
    return new OpenedImage(origin, Digest.sha256("config".getBytes(StandardCharsets.UTF_8)),
        config, sizes, names, i -> new ByteArrayInputStream(stored.get(i)), true, () -> {});
  }

  static SourceImage image(List<byte[]> layerTars) {
    return image(new ImageOrigin("registry.example.com", "team/app", "1.0"),
        config("", layerTars), layerTars);
  }

  /**
   * Every entry of an ACI tar below {@code rootfs/}: path to "type mode uid:gid" plus
   * content, link target or hard link target.
   */
  static Map<String, String> rootfs(byte[] aciTar) throws IOException {
    Map<String, String> listing = new TreeMap<>();
    TarReader r = new TarReader(new ByteArrayInputStream(aciTar));
    for (TarEntry e = r.next(); e != null; e = r.next()) {
      String name = e.name().replaceAll("/$", "");
      if (!name.startsWith("rootfs/")) {
        continue;
      }
      TarHeader h = e.header();
      String d = h.type().name().toLowerCase() + " " + Integer.toOctalString(h.mode()) + " "
          + h.uid() + ":" + h.gid();
      if (h.type() == TarEntryType.REGULAR) {
        d += " \"" + new String(r.content().readAllBytes(), StandardCharsets.UTF_8) + "\"";
      } else if (!h.linkName().isEmpty()) {
        d += " -> " + h.linkName();
      }
      if (listing.put(name.substring("rootfs/".length()), d) != null) {
        throw new AssertionError("duplicate entry " + name);
      }
    }
    return listing;
  }
}
