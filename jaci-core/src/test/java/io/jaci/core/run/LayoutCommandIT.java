package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jaci.core.JaciException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "Library first": the API the Dockerfile builder calls for a RUN step runs a command
 * in a layout's rootfs in place through runc and gives back its exit code.
 */
class LayoutCommandIT {
  @TempDir Path tmp;

  Path layout;

  @BeforeEach
  void layout() throws Exception {
    for (String tool : List.of("runc", "unshare", "busybox")) {
      try {
        ToolOnPath.require(tool, tool, "LayoutCommandIT");
      } catch (JaciException e) {
        if ("true".equals(System.getenv("CI"))) {
          fail("CI=true and " + e.getMessage());
        }
        Assumptions.assumeTrue(false, "skipped: " + e.getMessage());
      }
    }
    layout = tmp.resolve("layout");
    Path bin = Files.createDirectories(layout.resolve("rootfs/bin"));
    Files.createDirectories(layout.resolve("rootfs/etc"));
    Files.copy(ToolOnPath.require("busybox", "busybox-static", "LayoutCommandIT"),
        bin.resolve("busybox"));
    Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
    Files.writeString(layout.resolve("rootfs/etc/passwd"), "root:x:0:0::/:/bin/sh\n");
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/step\"}");
  }

  @Test
  void aCommandsChanges_landInTheLayout_andItsExitCodeComesBack() throws Exception {
    Path pods = tmp.resolve("pods");
    Path host = Files.createDirectory(tmp.resolve("context"));
    Files.writeString(host.resolve("input"), "from the context\n");
    int code = LayoutCommand.in(layout, pods)
        .command(List.of("/bin/sh", "-c", "busybox cat /ctx/input > /etc/made; cd /etc; "
            + "echo \"$STEP $(busybox pwd) $(busybox id -u)\" >> made; exit 7"))
        .environment(List.of("STEP=one")).workingDirectory("/etc").user("root", "0")
        .mount(new BindMount(host, "/ctx", true)).net(NetMode.NONE).run();
    assertThat(code).isEqualTo(7);
    assertThat(Files.readString(layout.resolve("rootfs/etc/made")))
        .isEqualTo("from the context\none /etc 0\n");
    // nothing of the run is left: no pod, and nothing added to the layout but the change
    try (var s = Files.list(pods)) {
      assertThat(s).isEmpty();
    }
    try (var s = Files.list(layout.resolve("rootfs/etc"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("passwd",
          "made");
    }
  }

  /**
   * Issue 12, "a RUN that fails": the last lines of its output come back for the error, from
   * both streams (each in its order; two pipes do not keep the order between them).
   */
  @Test
  void keepTail_givesTheLastLinesOfBothStreams() throws Exception {
    LayoutCommand both = LayoutCommand.in(layout, tmp.resolve("pods"))
        .command(List.of("/bin/sh", "-c", "for i in 1 2 3; do echo out $i; echo err $i >&2; "
            + "done; exit 3"))
        .net(NetMode.NONE).keepTail(10);
    assertThat(both.tail()).isEmpty();
    assertThat(both.run()).isEqualTo(3);
    assertThat(both.tail()).containsExactlyInAnyOrder("out 1", "out 2", "out 3", "err 1",
        "err 2", "err 3");
    assertThat(both.tail().stream().filter(l -> l.startsWith("err"))).containsExactly("err 1",
        "err 2", "err 3");

    LayoutCommand many = LayoutCommand.in(layout, tmp.resolve("pods"))
        .command(List.of("/bin/sh", "-c", "for i in 1 2 3 4 5; do echo line $i; done; false"))
        .net(NetMode.NONE).keepTail(3);
    assertThat(many.run()).isEqualTo(1);
    assertThat(many.tail()).containsExactly("line 3", "line 4", "line 5");
  }
}
