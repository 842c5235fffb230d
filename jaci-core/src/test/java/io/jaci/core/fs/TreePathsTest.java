package io.jaci.core.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.fs.TreePaths.Links;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreePathsTest {
  @TempDir Path tmp;
  private Path root;

  @BeforeEach
  void tree() throws Exception {
    root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("up"), Path.of("../.."));
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));
    Files.createSymbolicLink(root.resolve("rel"), Path.of("etc"));
    Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
  }

  @Test
  void bothPolicies_followLinksThatStayInside() throws Exception {
    for (Links links : Links.values()) {
      assertThat(TreePaths.resolve(root, "rel/passwd", links))
          .isEqualTo(root.resolve("etc/passwd"));
    }
  }

  @Test
  void asAfterChroot_anAbsoluteTargetOrDotDotStaysInTheTree() throws Exception {
    assertThat(TreePaths.resolve(root, "/abs/passwd", Links.AS_AFTER_CHROOT))
        .isEqualTo(root.resolve("etc/passwd"));
    assertThat(TreePaths.resolve(root, "up/etc", Links.AS_AFTER_CHROOT))
        .isEqualTo(root.resolve("etc"));
    assertThat(TreePaths.resolve(root, "../../..", Links.AS_AFTER_CHROOT)).isEqualTo(root);
  }

  @Test
  void confined_refusesEveryWayOut() {
    assertThatThrownBy(() -> TreePaths.resolve(root, "abs/passwd", Links.CONFINED))
        .isInstanceOf(TreePaths.LeavesTree.class)
        .hasMessage("a symlink to the absolute path /etc");
    assertThatThrownBy(() -> TreePaths.resolve(root, "up/x", Links.CONFINED))
        .isInstanceOf(TreePaths.LeavesTree.class)
        .hasMessage("a symlink leads above it");
    assertThatThrownBy(() -> TreePaths.resolve(root, "../x", Links.CONFINED))
        .isInstanceOf(TreePaths.LeavesTree.class);
  }

  @Test
  void aLoop_stopsAfterTheKernelsLimit() {
    for (Links links : Links.values()) {
      assertThatThrownBy(() -> TreePaths.resolve(root, "loop/x", links))
          .isInstanceOf(TreePaths.TooManyLinks.class)
          .hasMessage("more than 40 symbolic links (a loop?)");
    }
  }
}
