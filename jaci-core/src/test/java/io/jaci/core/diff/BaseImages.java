package io.jaci.core.diff;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Base images written entry by entry with {@link TarWriter}, so that they can hold what a
 * normal user could not put on disk (other owners, device nodes), and imported into a store.
 */
final class BaseImages {
  static final long MTIME = 1_600_000_000L;

  private final List<TarHeader> headers = new ArrayList<>();
  private final List<byte[]> contents = new ArrayList<>();

  static BaseImages image() {
    return new BaseImages().dir("rootfs", 0755);
  }

  BaseImages add(TarHeader h, byte[] content) {
    headers.add(h);
    contents.add(content);
    return this;
  }

  BaseImages dir(String name, int mode) {
    return add(new TarHeader(name, TarEntryType.DIRECTORY, mode, 0, 0, 0, MTIME, "", 0, 0,
        null), null);
  }

  BaseImages file(String name, int mode, String content) {
    return file(name, mode, 0, 0, content);
  }

  BaseImages file(String name, int mode, long uid, long gid, String content) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    return add(new TarHeader(name, TarEntryType.REGULAR, mode, uid, gid, b.length, MTIME, "",
        0, 0, null), b);
  }

  BaseImages symlink(String name, String target) {
    return add(new TarHeader(name, TarEntryType.SYMLINK, 0777, 0, 0, 0, MTIME, target, 0, 0,
        null), null);
  }

  BaseImages hardLink(String name, String target) {
    return add(new TarHeader(name, TarEntryType.HARD_LINK, 0644, 0, 0, 0, MTIME, target, 0, 0,
        null), null);
  }

  BaseImages charDevice(String name, int major, int minor) {
    return add(new TarHeader(name, TarEntryType.CHAR_DEVICE, 0666, 0, 0, 0, MTIME, "", major,
        minor, null), null);
  }

  /** Writes the image with {@code manifestJson} as a plain tar and imports it. */
  ImageId importInto(ImageStore store, String manifestJson) throws IOException, JaciException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] manifest = manifestJson.getBytes(StandardCharsets.UTF_8);
    try (TarWriter tar = new TarWriter(buf)) {
      tar.write(new TarHeader("manifest", TarEntryType.REGULAR, 0644, 0, 0, manifest.length, 0,
          "", 0, 0, null), new ByteArrayInputStream(manifest));
      for (int i = 0; i < headers.size(); i++) {
        if (headers.get(i).size() > 0) {
          tar.write(headers.get(i), new ByteArrayInputStream(contents.get(i)));
        } else {
          tar.write(headers.get(i));
        }
      }
    }
    return store.importAci(new ByteArrayInputStream(buf.toByteArray()), ProgressListener.NONE)
        .id();
  }

  static String manifest(String name, String version, String dependencies) {
    return "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"" + name + "\","
        + "\"labels\":[{\"name\":\"version\",\"value\":\"" + version + "\"},"
        + "{\"name\":\"os\",\"value\":\"linux\"},{\"name\":\"arch\",\"value\":\"amd64\"}]"
        + (dependencies == null ? "" : ",\"dependencies\":" + dependencies) + "}";
  }
}
