package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 12: a store the user cannot write (root's, mode 755, read by nobody; a
 * read-only bind mount read by root) serves the reading commands, and every writing command
 * fails in one line saying so; the store is left as it was.
 */
class ReadOnlyStoreIT {

  @TempDir
  Path tmp;

  Path store;
  Path out;
  String id;

  @BeforeEach
  void storeOfRoot() throws IOException {
    AsNobody.requireRoot("ReadOnlyStoreIT makes a store of root's for nobody, which needs root");
    chmod("755", tmp);
    Path aci = tmp.resolve("test.aci");
    JaciJar.run(tmp, "build", TestImages.layout(tmp.resolve("layout")), aci).assertSuccess();
    store = tmp.resolve("store");
    id = JaciJar.run(tmp, "--store", store, "image", "import", aci).assertSuccess().out().trim();
    out = Files.createDirectory(tmp.resolve("out"));
    chmod("777", out);
  }

  private static void chmod(String mode, Path p) {
    ProcessRun.run(p.getParent(), ExternalTool.require("chmod").toString(), mode, p.toString())
        .assertSuccess();
  }

  private ProcessRun asNobody(Object... args) {
    List<Object> all = new ArrayList<>(List.of("--store", store));
    all.addAll(List.of(args));
    List<String> cmd = AsNobody.jaci(all.toArray());
    return ProcessRun.run(out, Map.of(), cmd);
  }

  private String listing() throws IOException {
    try (var files = Files.walk(store)) {
      return String.join("\n", files.map(p -> store.relativize(p).toString()).sorted().toList());
    }
  }

  @Test
  void item12_asNobody_readingCommandsWork_onRootsStore() throws IOException {
    String before = listing();
    ProcessRun list = asNobody("image", "list", "--full");
    assertThat(list.exit()).as(list.describe()).isZero();
    assertThat(list.out()).contains(id, "example.com/test");
    assertThat(asNobody("image", "list", "--json").assertSuccess().out()).contains(id);
    assertThat(asNobody("image", "cat-manifest", "example.com/test").assertSuccess().out())
        .isEqualTo(TestImages.MANIFEST + "\n");
    ProcessRun verify = asNobody("image", "verify");
    assertThat(verify.exit()).as(verify.describe()).isZero();
    assertThat(verify.out()).contains("1 image(s) checked, 0 problem(s)");
    asNobody("image", "extract", id, out.resolve("extracted")).assertSuccess();
    assertThat(out.resolve("extracted/rootfs/etc/os-release")).hasContent("ID=test");
    asNobody("image", "render", id, out.resolve("rendered")).assertSuccess();
    assertThat(out.resolve("rendered/rootfs/etc/os-release")).hasContent("ID=test");
    assertThat(asNobody("image", "export", id, out.resolve("same.aci")).assertSuccess().out()
        .trim()).isEqualTo(id);
    asNobody("image", "export", "--squash", id, out.resolve("squashed.aci")).assertSuccess();
    assertThat(listing()).isEqualTo(before);
  }

  @Test
  void item12_asNobody_writingCommandsFailInOneLine() throws IOException {
    String before = listing();
    Path aci = out.resolve("again.aci");
    JaciJar.run(tmp, "build", TestImages.layout(tmp.resolve("layout2")), aci).assertSuccess();
    chmod("644", aci);
    for (Object[] args : List.of(
        new Object[] {"image", "import", aci},
        new Object[] {"image", "rm", id},
        new Object[] {"image", "gc", "--grace-period", "0s"},
        new Object[] {"image", "verify", "--repair"})) {
      ProcessRun r = asNobody(args);
      assertThat(r.exit()).as(r.describe()).isEqualTo(1);
      assertThat(r.stderr().lines().toList()).as(r.describe()).singleElement().asString()
          .startsWith("jaci: the image store " + store + " is read-only for this user: ")
          .contains("needs write access").doesNotContain("SQLITE");
    }
    assertThat(listing()).isEqualTo(before);
    assertThat(JaciJar.run(tmp, "--store", store, "image", "list", "--full").assertSuccess()
        .out()).contains(id);
  }

  @Test
  void item12_asRoot_readOnlyBindMount_isReadable() throws IOException {
    Path mount = Files.createDirectory(tmp.resolve("ro"));
    Path tool = ExternalTool.require("mount");
    ProcessRun bind = ProcessRun.run(tmp, tool.toString(), "--bind", store.toString(),
        mount.toString());
    Assumptions.assumeTrue(bind.exit() == 0, "skipped: cannot bind-mount here: "
        + bind.stderr().strip());
    try {
      ProcessRun.run(tmp, tool.toString(), "-o", "remount,bind,ro", mount.toString())
          .assertSuccess();
      ProcessRun list = JaciJar.run(tmp, "--store", mount, "image", "list", "--full");
      assertThat(list.exit()).as(list.describe()).isZero();
      assertThat(list.out()).contains(id);
      assertThat(JaciJar.run(tmp, "--store", mount, "image", "verify").assertSuccess().out())
          .contains("1 image(s) checked, 0 problem(s)");
      JaciJar.run(tmp, "--store", mount, "image", "render", id, out.resolve("r"))
          .assertSuccess();
      ProcessRun rm = JaciJar.run(tmp, "--store", mount, "image", "rm", id);
      assertThat(rm.exit()).isEqualTo(1);
      assertThat(rm.stderr()).startsWith("jaci: the image store " + mount + " is read-only");
    } finally {
      ProcessRun.run(tmp, ExternalTool.require("umount").toString(), mount.toString())
          .assertSuccess();
    }
  }
}
