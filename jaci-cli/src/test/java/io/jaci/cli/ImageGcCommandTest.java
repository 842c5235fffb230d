package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.aci.AciBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jaci image gc}'s summary counts what it frees. */
class ImageGcCommandTest {
  @TempDir
  Path tmp;

  /** Issue 10, item 11: it said "0 B freed; 1 cached tree(s) removed" after freeing ~200 MB. */
  @Test
  void item11_freedBytesIncludeTheCachedTrees() throws Exception {
    Path store = tmp.resolve("store");
    Path aci = tmp.resolve("test.aci");
    AciBuilder.fromLayout(TestImages.layout(tmp.resolve("layout"))).build(aci);
    String id = ImageCommandTest.jaci(store, "image", "import", aci).out().trim();
    CliTest.Result render = ImageCommandTest.jaci(store, "image", "render", id,
        tmp.resolve("out"));
    assertThat(render.exit()).as(render.err()).isZero();
    // the image was used now and stays; the tree looks unused since 1970 and goes
    Files.setLastModifiedTime(Files.list(store.resolve("trees")).findFirst().orElseThrow()
        .resolve("info.json"), java.nio.file.attribute.FileTime.fromMillis(0));

    CliTest.Result gc = ImageCommandTest.jaci(store, "image", "gc");
    assertThat(gc.exit()).as(gc.err()).isZero();
    assertThat(gc.out()).isEmpty(); // no image removed
    Matcher freed = Pattern.compile("1 cached tree\\(s\\) removed, ([0-9.]+) KiB freed")
        .matcher(gc.err());
    assertThat(freed.find()).as(gc.err()).isTrue();
    // the tree holds the layout's 400,000-byte file and a few small ones
    assertThat(Double.parseDouble(freed.group(1))).isBetween(390.0, 420.0);
  }
}
