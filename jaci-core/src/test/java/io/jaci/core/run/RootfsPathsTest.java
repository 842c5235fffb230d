package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Paths of a hostile image resolve as they would after chroot: never outside the rootfs. */
class RootfsPathsTest {
  @TempDir Path tmp;
  Path root;

  @BeforeEach
  void image() throws IOException {
    root = Files.createDirectory(tmp.resolve("rootfs"));
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("usr/lib"));
    Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/usr/lib"));
    Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../etc"));
    Files.createSymbolicLink(root.resolve("etc/shadowlink"), Path.of("/etc/shadow"));
    Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
    Files.createSymbolicLink(root.resolve("loop2"), Path.of("/loop1"));
  }

  @ParameterizedTest
  @CsvSource({
      "/etc/passwd, etc/passwd",
      "//etc/./passwd, etc/passwd",
      "/lib/x, usr/lib/x",
      "/abs/x, usr/lib/x",
      "/up/passwd, etc/passwd",
      "/../../etc/passwd, etc/passwd",
      "/etc/shadowlink, etc/shadow",
      "/usr/lib/../../etc, etc",
      "/missing/../etc, etc"})
  void resolve_staysInTheRootfs(String path, String expected) throws IOException {
    assertThat(RootfsPaths.resolve(root, path)).isEqualTo(root.resolve(expected));
  }

  @Test
  void resolve_root() throws IOException {
    assertThat(RootfsPaths.resolve(root, "/")).isEqualTo(root);
  }

  @Test
  void resolve_symlinkLoop_isAnError() {
    assertThatThrownBy(() -> RootfsPaths.resolve(root, "/loop1/x"))
        .isInstanceOf(IOException.class)
        .hasMessage("/loop1/x: more than 40 symbolic links (a loop?) in the image");
  }
}
