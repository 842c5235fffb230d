package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An image layout whose rootfs holds every kind of file jaci must keep: symlinks (one with a
 * target over 100 bytes), a hard link, setuid, setgid and sticky modes, a FIFO, long and
 * non-ASCII names, empty directories and files, and a user xattr where the file system
 * takes one. It can be made in either order, so two copies differ in creation order.
 */
final class RichTree {
  static final String LONG_DIR = "deep/" + "d".repeat(60);
  static final String LONG_FILE = LONG_DIR + "/" + "f".repeat(150);
  static final String NON_ASCII = "etc/grüße-日本.txt";

  private sealed interface Node permits Dir, File, Symlink, HardLink, Fifo {
    String path();
  }

  private record Dir(String path, String mode) implements Node {}

  private record File(String path, String mode, String content) implements Node {}

  private record Symlink(String path, String target) implements Node {}

  private record HardLink(String path, String existing) implements Node {}

  private record Fifo(String path) implements Node {}

  private static final List<Node> NODES = List.of(
      new Dir("bin", "755"),
      new Dir("etc", "755"),
      new Dir("tmp", "1777"),
      new Dir("run", "755"),
      new Dir("empty", "700"),
      new Dir("var", "755"),
      new Dir("var/empty", "755"),
      new Dir("deep", "755"),
      new Dir(LONG_DIR, "750"),
      new File("bin/tool", "4755", "#!/bin/sh\necho tool\n"),
      new File("bin/group-tool", "2755", "#!/bin/sh\necho group tool\n"),
      new HardLink("bin/tool-again", "bin/tool"),
      new Symlink("bin/sh", "tool"),
      new File("etc/config", "640", "key=value\n".repeat(1000)),
      new File("etc/empty", "600", ""),
      new File(NON_ASCII, "644", "grüße\n"),
      new File(LONG_FILE, "644", "long name\n"),
      new Symlink("etc/long-link", "../" + LONG_FILE),
      new Symlink("etc/dangling", "/no/such/target"),
      new Fifo("run/fifo"));

  private RichTree() {}

  /** Creates the layout in {@code dir}; {@code reversed} creates the nodes in reverse order. */
  static Path create(Path dir, boolean reversed) throws IOException {
    assertThat(System.getProperty("sun.jnu.encoding")).as("file names need a UTF-8 locale "
        + "(LANG=C.UTF-8) to test non-ASCII names").isEqualTo("UTF-8");
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.writeString(dir.resolve("manifest"), TestImages.MANIFEST);
    List<Node> order = new ArrayList<>(NODES);
    if (reversed) {
      Collections.reverse(order);
    }
    for (Node n : order) {
      make(rootfs, n);
    }
    for (Node n : order) {
      if (n instanceof File f) {
        chmod(rootfs.resolve(f.path()), f.mode());
      } else if (n instanceof Dir d) {
        chmod(rootfs.resolve(d.path()), d.mode());
      }
    }
    if (xattrsSupported(dir)) {
      UserDefinedFileAttributeView view = Files.getFileAttributeView(
          rootfs.resolve("etc/config"), UserDefinedFileAttributeView.class);
      view.write("jaci.test", ByteBuffer.wrap("a value".getBytes(StandardCharsets.UTF_8)));
    }
    return dir;
  }

  private static void make(Path rootfs, Node n) throws IOException {
    Path p = rootfs.resolve(n.path());
    if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return; // a hard link's target made early, or a directory made as a parent
    }
    Files.createDirectories(p.getParent());
    if (n instanceof Dir) {
      Files.createDirectory(p);
    } else if (n instanceof File f) {
      Files.writeString(p, f.content());
    } else if (n instanceof Symlink s) {
      Files.createSymbolicLink(p, Path.of(s.target()));
    } else if (n instanceof HardLink h) {
      Path existing = rootfs.resolve(h.existing());
      if (!Files.exists(existing)) {
        make(rootfs, NODES.stream().filter(x -> x.path().equals(h.existing())).findFirst()
            .orElseThrow());
      }
      Files.createLink(p, existing);
    } else if (n instanceof Fifo) {
      ProcessRun.run(rootfs, ExternalTool.require("mkfifo").toString(), p.toString())
          .assertSuccess();
    }
  }

  private static void chmod(Path p, String mode) {
    ProcessRun.run(p.getParent(), ExternalTool.require("chmod").toString(), mode, p.toString())
        .assertSuccess();
  }

  /** Whether {@code dir}'s file system keeps user extended attributes. */
  static boolean xattrsSupported(Path dir) {
    try {
      Path probe = Files.createTempFile(dir, "xattr", ".probe");
      try {
        UserDefinedFileAttributeView view =
            Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class);
        if (view == null) {
          return false;
        }
        view.write("jaci.probe", ByteBuffer.wrap(new byte[] {1}));
        return true;
      } finally {
        Files.delete(probe);
      }
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
