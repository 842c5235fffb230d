package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jaci dockerfile} in process, for what needs no RUN (so no runtime). */
class DockerfileCommandTest {
  @TempDir
  Path tmp;

  /**
   * Issue 12's differential test found it: a FROM {@code oci:DIR} (converted into the store
   * first) failed with {@code invalid image ID "sha512-sha512-..."}, the converter's printed ID
   * read as bare hex.
   */
  @Test
  void fromAnOciLayout_convertsItAndBuildsOverIt() throws IOException {
    Path layout = TestOciImage.create(7).writeLayout(tmp.resolve("layout"), "v1");
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("a.txt"), "from the context\n");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM oci:" + layout + ":v1\nCOPY a.txt /\n");
    Path store = tmp.resolve("store");
    CliTest.Result built = CliTest.jaci("--store", store, "dockerfile", "-t", "example.com/x",
        ctx);
    assertThat(built.exit()).as(built.err()).isZero();
    String id = built.out().strip();
    assertThat(id).matches("sha512-[0-9a-f]{128}");
    Path out = tmp.resolve("render");
    assertThat(CliTest.jaci("--store", store, "image", "render", id, out).exit()).isZero();
    assertThat(out.resolve("rootfs/a.txt")).hasContent("from the context");
    assertThat(out.resolve("rootfs/data-7.bin")).as("the OCI image's layer").exists();
  }
}
