package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.aci.AciBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 9: {@code image rm} refuses to remove what other stored images depend on,
 * {@code image verify} reports images whose dependencies cannot be resolved, and {@code image
 * list --json} shows each image's dependencies.
 */
class StoreDependenciesTest {
  @TempDir
  Path tmp;

  Path store;
  String debian;

  @BeforeEach
  void setUp() throws Exception {
    store = tmp.resolve("store");
    debian = importImage("example.com/debian", "", "base");
  }

  /** Imports an image named {@code name} with {@code dependencies} (JSON array body). */
  String importImage(String name, String dependencies, String content) throws Exception {
    Path layout = Files.createTempDirectory(tmp, "layout");
    Files.createDirectories(layout.resolve("rootfs/etc"));
    Files.writeString(layout.resolve("rootfs/etc/" + content), content);
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"" + name + "\",\"dependencies\":["
        + dependencies + "]}");
    Path aci = Files.createTempFile(tmp, "image", ".aci");
    AciBuilder.fromLayout(layout).overwrite(true).build(aci);
    CliTest.Result r = ImageCommandTest.jaci(store, "image", "import", aci);
    assertThat(r.exit()).as(r.err()).isZero();
    return r.out().trim();
  }

  private static String byName(String name) {
    return "{\"imageName\":\"" + name + "\"}";
  }

  private static String byId(String name, String id) {
    return "{\"imageName\":\"" + name + "\",\"imageID\":\"" + id + "\"}";
  }

  private int stored() {
    return ImageCommandTest.jaci(store, "image", "list").outLines().size() - 1;
  }

  @Test
  void item9_rm_refusesAnImageOthersNeed_byNameOrId_namingThem() throws Exception {
    String app = importImage("example.com/app", byName("example.com/debian"), "app");
    String pinned = importImage("example.com/pinned", byId("example.com/debian", debian),
        "pinned");
    CliTest.Result rm = ImageCommandTest.jaci(store, "image", "rm", "example.com/debian");
    assertThat(rm.exit()).isEqualTo(1);
    assertThat(rm.errLines()).singleElement().asString().startsWith("jaci: not removing ")
        .contains(debian.substring(0, 19), app.substring(0, 19), pinned.substring(0, 19),
            "example.com/app", "example.com/pinned", "--force");
    assertThat(rm.out()).isEmpty();
    assertThat(stored()).isEqualTo(3);
    // an image that needs the app (and so the base) is named too: it could not render either
    importImage("example.com/top", byName("example.com/app"), "top");
    assertThat(ImageCommandTest.jaci(store, "image", "rm", debian).err())
        .contains("example.com/top");
  }

  @Test
  void item9_rm_refusalNamesABoundedList() throws Exception {
    for (int i = 0; i < 8; i++) {
      importImage("example.com/app" + i, byName("example.com/debian"), "app" + i);
    }
    CliTest.Result rm = ImageCommandTest.jaci(store, "image", "rm", "example.com/debian");
    assertThat(rm.exit()).isEqualTo(1);
    assertThat(rm.errLines()).singleElement().asString().contains("and 3 more image(s)")
        .hasSizeLessThan(400);
  }

  @Test
  void item9_rm_allowsWhatNoOneElseNeeds() throws Exception {
    String app = importImage("example.com/app", byName("example.com/debian"), "app");
    // another image of the name keeps the by-name dependency resolvable
    String newer = importImage("example.com/debian", "", "newer");
    CliTest.Result rm = ImageCommandTest.jaci(store, "image", "rm", debian);
    assertThat(rm.exit()).as(rm.err()).isZero();
    assertThat(rm.out().trim()).isEqualTo(debian);
    // an image and what depends on it, removed together
    CliTest.Result both = ImageCommandTest.jaci(store, "image", "rm", newer, app);
    assertThat(both.exit()).as(both.err()).isZero();
    assertThat(stored()).isZero();
  }

  @Test
  void item9_rmForce_thenVerifyReportsTheUnrenderableImages() throws Exception {
    String app = importImage("example.com/app", byName("example.com/debian"), "app");
    importImage("example.com/pinned", byId("example.com/debian", debian), "pinned");
    CliTest.Result rm = ImageCommandTest.jaci(store, "image", "rm", "--force",
        "example.com/debian");
    assertThat(rm.exit()).as(rm.err()).isZero();
    assertThat(rm.err()).contains("example.com/app", "can no longer be rendered");
    assertThat(stored()).isEqualTo(2);

    CliTest.Result verify = ImageCommandTest.jaci(store, "image", "verify");
    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.outLines()).anySatisfy(l -> assertThat(l)
        .startsWith(app.substring(0, 19) + " (example.com/app): cannot be rendered: ")
        .contains("example.com/debian", "not in the store"));
    assertThat(verify.out()).contains("example.com/pinned", "2 image(s) checked, 2 problem(s)");
    // one image by REF, too
    CliTest.Result one = ImageCommandTest.jaci(store, "image", "verify", "example.com/app");
    assertThat(one.exit()).isEqualTo(1);
    assertThat(one.out()).contains("1 image(s) checked, 1 problem(s)")
        .doesNotContain("example.com/pinned");
    // a repair cannot bring a dependency back: still a failure
    assertThat(ImageCommandTest.jaci(store, "image", "verify", "--repair").exit()).isEqualTo(1);
  }

  @Test
  void item9_gc_keepsAnOldImageThatARecentOneDependsOn() throws Exception {
    String unused = importImage("example.com/unused", "", "unused");
    Thread.sleep(4000); // the base and the unused image are older than the grace period
    String app = importImage("example.com/app", byName("example.com/debian"), "app");
    CliTest.Result gc = ImageCommandTest.jaci(store, "image", "gc", "--grace-period", "3s");
    assertThat(gc.exit()).as(gc.err()).isZero();
    assertThat(gc.out().trim()).isEqualTo(unused);
    CliTest.Result render = ImageCommandTest.jaci(store, "image", "render", app,
        tmp.resolve("out"));
    assertThat(render.exit()).as(render.err()).isZero();
    assertThat(tmp.resolve("out/rootfs/etc/base")).hasContent("base");
  }

  @Test
  void item9_listJson_showsDependenciesAndWhatTheyResolveTo() throws Exception {
    importImage("example.com/app", byName("example.com/debian") + ","
        + byId("example.com/other", "sha512-" + "0".repeat(64)), "app");
    CliTest.Result list = ImageCommandTest.jaci(store, "image", "list", "--json");
    assertThat(list.exit()).as(list.err()).isZero();
    JsonNode images = new ObjectMapper().readTree(list.out());
    assertThat(images.get(0).get("dependencies")).isEmpty();
    JsonNode deps = images.get(1).get("dependencies");
    assertThat(deps).hasSize(2);
    assertThat(deps.get(0).get("imageName").asText()).isEqualTo("example.com/debian");
    assertThat(deps.get(0).get("resolvedId").asText()).isEqualTo(debian);
    assertThat(deps.get(1).get("imageID").asText()).isEqualTo("sha512-" + "0".repeat(64));
    assertThat(deps.get(1).get("resolvedId").isNull()).isTrue();
  }
}
