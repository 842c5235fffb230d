package io.jaci.cli;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ACI written entry by entry with {@link TarWriter}, for what a test cannot make on disk
 * as a normal user (other owners, device nodes): {@code new TestAci(mtime).dir(...).file(...)
 * .write(path, manifestJson)}.
 */
final class TestAci {
  private final long mtime;
  private final List<TarHeader> headers = new ArrayList<>();
  private final Map<String, byte[]> content = new HashMap<>();

  TestAci(long mtime) {
    this.mtime = mtime;
  }

  TestAci dir(String name, int mode) {
    return add(new TarHeader(name, TarEntryType.DIRECTORY, mode, 0, 0, 0, mtime, "", 0, 0, null));
  }

  TestAci file(String name, int mode, long uid, long gid, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    content.put(name, bytes);
    return add(new TarHeader(name, TarEntryType.REGULAR, mode, uid, gid, bytes.length, mtime,
        "", 0, 0, null));
  }

  /** Any other entry; a regular file added this way is empty. */
  TestAci add(TarHeader header) {
    headers.add(header);
    return this;
  }

  /** Writes the manifest first, then the entries in the order they were added. */
  Path write(Path aci, String manifest) throws IOException {
    byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(aci); TarWriter tar = new TarWriter(out)) {
      tar.write(TestImages.file("manifest", m.length), new ByteArrayInputStream(m));
      for (TarHeader h : headers) {
        byte[] c = content.get(h.name());
        if (c == null) {
          tar.write(h);
        } else {
          tar.write(h, new ByteArrayInputStream(c));
        }
      }
    }
    return aci;
  }
}
