package io.jaci.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 (render speed): the tree copier copies files while its walk goes on; when the walk
 * fails, no copy may still be writing into the target once {@code copy} has thrown (the caller
 * removes the target then).
 */
class TreeCopierTest {
  @TempDir
  Path tmp;

  /** Creates nothing special: a FIFO in the tree makes the walk fail. */
  private static final TreeCopier.SpecialFiles FAILING = new TreeCopier.SpecialFiles() {
    @Override
    public boolean copySpecial(Path source, Path target, int mode) throws IOException {
      throw new IOException("no special files here: " + source);
    }

    @Override
    public void copyXattrs(Path source, Path target) {}

    @Override
    public void setMtime(Path target, FileTime mtime) {}
  };

  @Test
  void aFailedWalkLeavesNoCopyRunning() throws Exception {
    Path source = Files.createDirectories(tmp.resolve("source"));
    byte[] content = new byte[1 << 20];
    for (String dir : new String[] {"a", "b", "c"}) {
      Files.createDirectories(source.resolve(dir));
      for (int i = 0; i < 40; i++) {
        Files.write(source.resolve(dir).resolve("f" + i), content);
      }
    }
    Files.createDirectories(source.resolve("b/fifo-dir"));
    NativeCopies.INSTANCE.copySpecial(null, source.resolve("b/fifo-dir/fifo"), 0010644);
    Path target = tmp.resolve("target");

    assertThatThrownBy(() -> TreeCopier.copy(source, target, false, false, FAILING))
        .isInstanceOf(IOException.class).hasMessageContaining("no special files here");

    Map<Path, Long> after = sizes(target);
    Thread.sleep(300);
    assertThat(sizes(target)).as("the target once copy has thrown, and a moment later")
        .isEqualTo(after);
  }

  @Test
  void copiesAWholeTreeOfManyFiles() throws Exception {
    Path source = Files.createDirectories(tmp.resolve("source"));
    for (int d = 0; d < 20; d++) {
      Path dir = Files.createDirectories(source.resolve("d" + d + "/sub"));
      for (int i = 0; i < 30; i++) {
        Files.writeString(dir.resolve("f" + i), "file " + d + "/" + i + "\n".repeat(i * 100));
      }
      Files.setLastModifiedTime(dir, FileTime.fromMillis(1_000_000L * d));
    }
    Path target = tmp.resolve("target");

    TreeCopier.copy(source, target, false, false, NativeCopies.INSTANCE);

    assertThat(contents(target)).isEqualTo(contents(source)).hasSize(20 * 30);
    for (int d = 0; d < 20; d++) {
      assertThat(Files.getLastModifiedTime(target.resolve("d" + d + "/sub")))
          .isEqualTo(FileTime.fromMillis(1_000_000L * d));
    }
  }

  private static Map<Path, Long> sizes(Path root) throws IOException {
    Map<Path, Long> sizes = new TreeMap<>();
    if (!Files.exists(root)) {
      return sizes;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        sizes.put(root.relativize(p), Files.size(p));
      }
    }
    return sizes;
  }

  private static Map<Path, String> contents(Path root) throws IOException {
    Map<Path, String> contents = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        contents.put(root.relativize(p), Files.readString(p));
      }
    }
    return contents;
  }
}
