package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.aci.AciBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jaci image ...} in-process: results on stdout, one-line errors, exit codes. */
class ImageCommandTest {
  @TempDir
  Path tmp;

  Path store;
  Path aci;

  @BeforeEach
  void setUp() throws Exception {
    store = tmp.resolve("store");
    aci = tmp.resolve("test.aci");
    AciBuilder.fromLayout(TestImages.layout(tmp.resolve("layout"))).build(aci);
  }

  static CliTest.Result jaci(Path store, Object... args) {
    Object[] all = new Object[args.length + 2];
    all[0] = "--store";
    all[1] = store;
    System.arraycopy(args, 0, all, 2, args.length);
    return CliTest.jaci(all);
  }

  @Test
  void import_printsTheFullId_twiceTheSame() {
    CliTest.Result first = jaci(store, "image", "import", aci);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out().trim()).matches("sha512-[0-9a-f]{128}");
    assertThat(jaci(store, "image", "import", aci).out()).isEqualTo(first.out());
  }

  @Test
  void list_tableShortIds_fullWithFlag_andJson() {
    String id = jaci(store, "image", "import", aci).out().trim();
    CliTest.Result table = jaci(store, "image", "list");
    assertThat(table.outLines()).hasSize(2);
    assertThat(table.outLines().get(0)).startsWith("ID").contains("NAME", "LABELS", "SIZE",
        "IMPORTED", "LAST USED");
    assertThat(table.outLines().get(1)).startsWith(id.substring(0, 19) + " ")
        .contains("example.com/test", "os=linux,arch=amd64");
    assertThat(jaci(store, "image", "list", "--full").out()).contains(id);
    CliTest.Result json = jaci(store, "image", "list", "--json");
    assertThat(json.out()).contains("\"id\" : \"" + id + "\"", "\"name\" : \"example.com/test\"",
        "\"os\" : \"linux\"");
  }

  @Test
  void catManifest_byPrefixAndAppString_isTheImportedManifest() throws Exception {
    String id = jaci(store, "image", "import", aci).out().trim();
    assertThat(jaci(store, "image", "cat-manifest", id.substring(0, 19)).out())
        .isEqualTo(TestImages.MANIFEST + "\n");
    assertThat(jaci(store, "image", "cat-manifest", "example.com/test,os=linux", "--pretty")
        .out()).startsWith("{\n  \"acKind\": \"ImageManifest\"");
  }

  @Test
  void rm_verify_gc() throws Exception {
    String id = jaci(store, "image", "import", aci).out().trim();
    CliTest.Result verify = jaci(store, "image", "verify");
    assertThat(verify.exit()).isZero();
    assertThat(verify.out()).contains("1 image(s) checked, 0 problem(s)");
    assertThat(jaci(store, "image", "rm", "example.com/test").out().trim()).isEqualTo(id);
    assertThat(jaci(store, "image", "list").outLines()).hasSize(1);
    CliTest.Result gc = jaci(store, "image", "gc", "--grace-period", "0s");
    assertThat(gc.exit()).isZero();
  }

  @Test
  void verify_damagedBlob_exits1_andRepairFixesTheIndex() throws Exception {
    String id = jaci(store, "image", "import", aci).out().trim();
    String hex = id.substring(7);
    Path blob = store.resolve("blobs/sha512/" + hex.substring(0, 2) + "/" + hex);
    Files.write(blob, new byte[] {1, 2, 3});
    CliTest.Result verify = jaci(store, "image", "verify");
    assertThat(verify.exit()).isEqualTo(1);
    assertThat(verify.out()).contains("example.com/test").contains("blob damaged");
    assertThat(jaci(store, "image", "verify", "--repair").exit()).isZero();
    assertThat(jaci(store, "image", "verify").exit()).isZero();
    assertThat(jaci(store, "image", "list").outLines()).hasSize(1);
  }

  @Test
  void errors_areOneLine_withExitCodes() {
    CliTest.Result missing = jaci(store, "image", "cat-manifest", "example.com/nothing");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).startsWith("jaci: ").contains("example.com/nothing")
        .doesNotContain("\tat ");
    assertThat(missing.errLines()).hasSize(1);
    CliTest.Result shortId = jaci(store, "image", "rm", "sha512-abc");
    assertThat(shortId.exit()).isEqualTo(1);
    assertThat(shortId.err()).contains("sha512-abc");
    CliTest.Result notAci = jaci(store, "image", "import", tmp.resolve("layout/manifest"));
    assertThat(notAci.exit()).isEqualTo(1);
    assertThat(notAci.errLines()).hasSize(1);
    CliTest.Result usage = jaci(store, "image", "gc", "--grace-period", "soon");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).contains("--grace-period soon");
  }
}
