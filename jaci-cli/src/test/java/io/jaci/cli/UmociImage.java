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
import java.util.List;

/**
 * An OCI image layout made by the real {@code umoci}: {@code umoci new}, then layer tars
 * (written here, with whiteouts, an opaque directory, foreign owners, setuid, hard and
 * symbolic links and a FIFO) added by {@code umoci raw add-layer}, then a full config set by
 * {@code umoci config}.
 */
final class UmociImage {
  static final long MTIME = 1_600_000_000L;
  static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
      + "redis:x:999:998:redis:/data:/bin/false\n";

  private UmociImage() {}

  /** The base layer: users, a file to delete, a directory to make opaque, links. */
  static List<TarHeader> base(List<byte[]> contents) {
    List<TarHeader> h = new ArrayList<>();
    h.add(dir("etc"));
    h.add(file("etc/passwd", PASSWD, 0644, 0, 0, contents));
    h.add(file("etc/group", "root:x:0:\nredis:x:998:\n", 0644, 0, 0, contents));
    h.add(dir("data", 0750, 999, 998));
    h.add(file("data/keep", "kept\n", 0640, 999, 998, contents));
    h.add(file("data/gone", "deleted by the next layer\n", 0644, 0, 0, contents));
    h.add(dir("opq"));
    h.add(file("opq/old", "hidden by the opaque directory\n", 0644, 0, 0, contents));
    h.add(dir("opq/sub"));
    h.add(file("opq/sub/older", "hidden too\n", 0644, 0, 0, contents));
    h.add(dir("bin"));
    h.add(file("bin/tool", "#!/bin/sh\necho tool\n", 04755, 0, 0, contents));
    h.add(new TarHeader("bin/tool2", TarEntryType.HARD_LINK, 04755, 0, 0, 0, MTIME, "bin/tool",
        0, 0, null));
    h.add(new TarHeader("link", TarEntryType.SYMLINK, 0777, 0, 0, 0, MTIME, "/data/keep", 0, 0,
        null));
    h.add(new TarHeader("fifo", TarEntryType.FIFO, 0600, 0, 0, 0, MTIME, "", 0, 0, null));
    return h;
  }

  /** Deletes data/gone, makes opq opaque, adds files. */
  static List<TarHeader> middle(List<byte[]> contents) {
    List<TarHeader> h = new ArrayList<>();
    h.add(dir("data", 0750, 999, 998));
    h.add(file("data/.wh.gone", "", 0644, 0, 0, contents));
    h.add(dir("opq", 0700, 0, 0));
    h.add(file("opq/.wh..wh..opq", "", 0644, 0, 0, contents));
    h.add(file("opq/new", "new in the opaque directory\n", 0644, 0, 0, contents));
    h.add(dir("etc"));
    h.add(file("etc/motd", "hello\n", 0644, 0, 0, contents));
    return h;
  }

  /** Changes a file and a link. */
  static List<TarHeader> top(List<byte[]> contents) {
    List<TarHeader> h = new ArrayList<>();
    h.add(dir("data", 0750, 999, 998));
    h.add(file("data/keep", "changed on top\n", 0600, 999, 998, contents));
    h.add(new TarHeader("link", TarEntryType.SYMLINK, 0777, 0, 0, 0, MTIME, "etc", 0, 0, null));
    return h;
  }

  /**
   * Makes {@code layout} with image {@code tag}: the given layers (each a list of headers and
   * the contents of its regular files, in order) and the full config.
   */
  static Path create(Path work, Path layout, String tag, List<List<TarHeader>> layers,
      List<List<byte[]>> contents) throws IOException {
    String umoci = ExternalTool.require("umoci").toString();
    if (!Files.exists(layout.resolve("oci-layout"))) {
      ProcessRun.run(work, umoci, "init", "--layout", layout.toString()).assertSuccess();
    }
    String image = layout + ":" + tag;
    ProcessRun.run(work, umoci, "new", "--image", image).assertSuccess();
    for (int i = 0; i < layers.size(); i++) {
      Path tar = work.resolve(tag + "-layer" + i + ".tar");
      writeTar(tar, layers.get(i), contents.get(i));
      ProcessRun.run(work, umoci, "raw", "add-layer", "--image", image, tar.toString())
          .assertSuccess();
    }
    ProcessRun.run(work, umoci, "config", "--image", image, "--config.entrypoint",
        "/bin/tool", "--config.cmd", "serve", "--config.cmd", "--port=6379", "--config.env",
        "MODE=test", "--config.user", "redis", "--config.workingdir", "/data",
        "--config.exposedports", "6379/tcp", "--config.volume", "/data", "--config.label",
        "org.example.kind=test", "--author", "jaci tests").assertSuccess();
    return layout;
  }

  static Path create(Path work, Path layout, String tag) throws IOException {
    List<List<byte[]>> contents = List.of(new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>());
    List<List<TarHeader>> layers = List.of(base(contents.get(0)), middle(contents.get(1)),
        top(contents.get(2)));
    return create(work, layout, tag, layers, contents);
  }

  static void writeTar(Path file, List<TarHeader> headers, List<byte[]> contents)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      TarWriter tar = new TarWriter(out);
      int next = 0;
      for (TarHeader h : headers) {
        if (h.type() == TarEntryType.REGULAR) {
          tar.write(h, new ByteArrayInputStream(contents.get(next++)));
        } else {
          tar.write(h);
        }
      }
      tar.finish();
    }
  }

  static TarHeader dir(String name) {
    return dir(name, 0755, 0, 0);
  }

  static TarHeader dir(String name, int mode, long uid, long gid) {
    return new TarHeader(name, TarEntryType.DIRECTORY, mode, uid, gid, 0, MTIME, "", 0, 0, null);
  }

  static TarHeader file(String name, String content, int mode, long uid, long gid,
      List<byte[]> contents) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    contents.add(data);
    return new TarHeader(name, TarEntryType.REGULAR, mode, uid, gid, data.length, MTIME, "", 0,
        0, null);
  }
}
