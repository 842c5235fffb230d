package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A render through the tree cache (the first, which fills it, and the second, which copies
 * from it) gives the same tree as a render without the cache: every kind of file, modes with
 * setuid, setgid and sticky bits, owners, mtimes, hard links and user xattrs.
 */
class ImageRenderCacheTest {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  @TempDir
  Path tmp;

  Path store;
  String id;

  @BeforeEach
  void setUp() throws Exception {
    Path layout = RichTree.create(tmp.resolve("rich"), false);
    Path aci = tmp.resolve("rich.aci");
    CliTest.Result build = CliTest.jaci("build", layout, aci);
    assertThat(build.exit()).as(build.err()).isZero();
    store = tmp.resolve("store");
    id = ImageCommandTest.jaci(store, "image", "import", aci).out().trim();
  }

  private Map<String, String> render(Path target, String... options) throws Exception {
    String[] args = new String[options.length + 4];
    args[0] = "image";
    args[1] = "render";
    args[2] = id;
    args[3] = target.toString();
    System.arraycopy(options, 0, args, 4, options.length);
    CliTest.Result r = ImageCommandTest.jaci(store, (Object[]) args);
    assertThat(r.exit()).as(r.err()).isZero();
    return TreeDescription.of(target.resolve("rootfs"), ROOT);
  }

  @Test
  void throughTheCache_sameTreeAsWithout() throws Exception {
    Map<String, String> plain = render(tmp.resolve("plain"), "--no-cache");
    assertThat(plain).containsKey("bin/tool-again").containsKey("run/fifo");
    assertThat(render(tmp.resolve("first"))).isEqualTo(plain);
    assertThat(render(tmp.resolve("second"))).isEqualTo(plain);
    assertThat(render(tmp.resolve("third"))).isEqualTo(plain);
  }

  @Test
  void intoASetgidDirectory_filesKeepTheImagesGroups() throws Exception {
    assumeTrue(ROOT, "giving a directory another group needs root");
    Map<String, String> plain = render(tmp.resolve("plain"), "--no-cache");
    // new files in a setgid directory take its group, not the process's: the renderer must
    // still set the image's group
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setAttribute(shared, "unix:gid", 4321);
    Files.setAttribute(shared, "unix:mode", 02775);
    assertThat(render(shared.resolve("plain"), "--no-cache")).isEqualTo(plain);
    assertThat(render(shared.resolve("first"))).isEqualTo(plain);
    assertThat(render(shared.resolve("second"))).isEqualTo(plain);
  }
}
