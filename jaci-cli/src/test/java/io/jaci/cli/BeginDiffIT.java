package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built CLI through a whole diff build: begin over a base, change the tree, build,
 * import, render, and compare the rendered tree with the begun one. The base, written with
 * {@link TarWriter}, holds what a normal user cannot make: files of other owners and a
 * device node; the rootless run does every step but the last render as nobody (65534).
 */
class BeginDiffIT {
  private static final String NOBODY = "65534";
  private static final long MTIME = 1_600_000_000L;

  @TempDir
  Path tmp;

  private static final String MANIFEST = "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
      + "\"name\":\"example.com/base\",\"labels\":[{\"name\":\"version\",\"value\":\"1.0.0\"},"
      + "{\"name\":\"os\",\"value\":\"linux\"},{\"name\":\"arch\",\"value\":\"amd64\"}],"
      + "\"app\":{\"exec\":[\"/bin/tool\"],\"user\":\"0\",\"group\":\"0\"}}";

  /** A base image: root-owned and foreign-owned files, a hard link, a device node. */
  private Path baseAci() throws IOException {
    return new TestAci(MTIME)
        .dir("rootfs", 0755)
        .dir("rootfs/bin", 0755)
        .file("rootfs/bin/tool", 04755, 0, 0, "#!/bin/sh\necho tool\n")
        .dir("rootfs/etc", 0755)
        .file("rootfs/etc/passwd", 0644, 0, 0, "root:x:0:0::/root:/bin/sh\n")
        .file("rootfs/etc/shadow", 0640, 0, 42, "root:*:1::::::\n")
        .file("rootfs/etc/motd", 0644, 1000, 1000, "welcome\n")
        .add(new TarHeader("rootfs/etc/motd.link", TarEntryType.HARD_LINK, 0644, 1000, 1000,
            0, MTIME, "rootfs/etc/motd", 0, 0, null))
        .dir("rootfs/dev", 0755)
        .add(new TarHeader("rootfs/dev/null", TarEntryType.CHAR_DEVICE, 0666, 0, 0, 0,
            MTIME, "", 1, 3, null))
        .dir("rootfs/usr", 0755)
        .dir("rootfs/usr/share", 0755)
        .dir("rootfs/usr/share/doc", 0755)
        .file("rootfs/usr/share/doc/readme", 0644, 0, 0, "read me\n")
        .write(tmp.resolve("base.aci"), MANIFEST);
  }

  /** The changes a user makes after begin, as a shell script run in DIR/rootfs. */
  private static final String CHANGES = String.join("\n",
      "set -e",
      "echo 'hello' > etc/new",
      "chmod 600 etc/passwd",
      "rm -r usr/share/doc",
      "rm bin/tool && ln -s /etc/passwd bin/tool",
      "ln etc/passwd etc/passwd.again");

  @Test
  void asRoot_beginChangeBuildImportRender_givesBackTheBegunTree() throws IOException {
    Path store = tmp.resolve("store");
    Path work = tmp.resolve("work");
    JaciJar.run(tmp, "--store", store, "begin", baseAci(), work, "--label", "version=1.1.0")
        .assertSuccess();
    ProcessRun.run(work.resolve("rootfs"), ExternalTool.require("sh").toString(), "-c", CHANGES)
        .assertSuccess();

    Path diff = tmp.resolve("diff.aci");
    String id = JaciJar.run(tmp, "build", work, diff).assertSuccess().out().trim();
    assertThat(JaciJar.run(tmp, "validate", diff).assertSuccess().out())
        .isEqualTo(diff + ": valid image archive\n");
    String manifest = JaciJar.run(tmp, "manifest", "cat", diff).assertSuccess().out();
    assertThat(manifest).contains("\"dependencies\"").contains("\"pathWhitelist\"")
        .contains("\"/dev/null\"").doesNotContain("/usr/share/doc");
    assertThat(entries(diff)).doesNotContain("rootfs/etc/shadow", "rootfs/dev/null")
        .contains("rootfs/etc/new", "rootfs/bin/tool", "rootfs/etc/passwd.again");

    assertThat(JaciJar.run(tmp, "--store", store, "image", "import", diff).assertSuccess()
        .out().trim()).isEqualTo(id);
    Path rendered = tmp.resolve("rendered");
    // an image layout: as root a rootfs-only target is 0700, whatever the image (issue 10 item 1)
    JaciJar.run(tmp, "--store", store, "image", "render", id, rendered).assertSuccess();
    assertThat(TreeDescription.of(rendered.resolve("rootfs"), true))
        .isEqualTo(TreeDescription.of(work.resolve("rootfs"), true));
  }

  /** Issue 14 (conversion fidelity): --name takes NAME[:VERSION][,LABEL=VALUE...] as from-rootfs does. */
  @Test
  void nameWithVersionAndLabels_likeFromRootfs() throws IOException {
    Path store = tmp.resolve("store");
    Path work = tmp.resolve("work");
    JaciJar.run(tmp, "--store", store, "begin", baseAci(), work, "--name",
        "example.com/x:2.0,channel=beta").assertSuccess();
    com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(work.resolve("manifest").toFile());
    assertThat(m.path("name").asText()).isEqualTo("example.com/x");
    assertThat(m.path("labels").toString()).contains("{\"name\":\"version\",\"value\":\"2.0\"}")
        .contains("{\"name\":\"channel\",\"value\":\"beta\"}");

    ProcessRun twice = JaciJar.run(tmp, "--store", store, "begin", baseAci(),
        tmp.resolve("work2"), "--name", "example.com/x:1", "--label", "version=2");
    assertThat(twice.exit()).as(twice.describe()).isEqualTo(2);
    assertThat(twice.stderr().lines().findFirst().orElse(""))
        .startsWith("jaci: --label version: the label is given in --name already");
    assertThat(tmp.resolve("work2")).doesNotExist();
  }

  @Test
  void rootless_ownersAndDevicesOfTheBaseComeBack_addedFilesAreRoots() throws IOException {
    requireRoot();
    Path aci = baseAci();
    Path home = Files.createDirectory(tmp.resolve("nobody"));
    chmod("755", tmp);
    chmod("777", home);
    Path store = home.resolve("store");
    Path work = home.resolve("work");
    runAsNobody(home, JaciJar.command("--store", store, "begin", aci, work)).assertSuccess();
    assertThat(work.resolve("rootfs/dev/null")).doesNotExist();
    runAsNobody(work.resolve("rootfs"), List.of(ExternalTool.require("sh").toString(), "-c",
        CHANGES)).assertSuccess();
    Path diff = home.resolve("diff.aci");
    ProcessRun built = runAsNobody(home, JaciJar.command("build", work, diff)).assertSuccess();
    String id = built.out().trim();

    // as root, which restores owners and devices, the rendered diff is the begun tree ...
    JaciJar.run(tmp, "--store", store, "image", "import", diff).assertSuccess();
    Path layout = tmp.resolve("rendered");
    JaciJar.run(tmp, "--store", store, "image", "render", id, layout, "--no-cache")
        .assertSuccess();
    Path rendered = layout.resolve("rootfs"); // as root, a rootfs-only target would be 0700
    Map<String, String> withoutOwners = TreeDescription.of(rendered, false);
    assertThat(withoutOwners.remove("dev/null")).startsWith("chardev 0666");
    assertThat(withoutOwners).isEqualTo(TreeDescription.of(work.resolve("rootfs"), false));
    // ... with the base's owners, and root's for what nobody added
    Map<String, String> owners = new TreeMap<>();
    TreeDescription.of(rendered, true).forEach((path, line) -> owners.put(path,
        line.split(" ")[2]));
    assertThat(owners).containsEntry("etc/shadow", "0:42").containsEntry("etc/motd", "1000:1000")
        .containsEntry("etc/motd.link", "1000:1000").containsEntry("dev/null", "0:0")
        .containsEntry("etc/new", "0:0").containsEntry("etc/passwd", "0:0")
        .containsEntry("etc/passwd.again", "0:0").containsEntry("bin/tool", "0:0");
    assertThat(owners.values()).allMatch(o -> o.equals("0:0") || o.equals("0:42")
        || o.equals("1000:1000"));
  }

  private static List<String> entries(Path aci) {
    return List.of(ProcessRun.run(aci.getParent(), ExternalTool.require("tar").toString(),
        "-tzf", aci.toString()).assertSuccess().out().split("\n"));
  }

  private static void requireRoot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      String message = "the rootless diff build test switches to an unprivileged user, which "
          + "needs root";
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true and " + message);
      }
      Assumptions.assumeTrue(false, "skipped: " + message);
    }
  }

  private static void chmod(String mode, Path p) {
    ProcessRun.run(p.getParent(), ExternalTool.require("chmod").toString(), mode, p.toString())
        .assertSuccess();
  }

  private static ProcessRun runAsNobody(Path dir, List<String> command) {
    List<String> cmd = new ArrayList<>(List.of(ExternalTool.require("setpriv").toString(),
        "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    cmd.addAll(command);
    return ProcessRun.run(dir, Map.of(), cmd);
  }
}
