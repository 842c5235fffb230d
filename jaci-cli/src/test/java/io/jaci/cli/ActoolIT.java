package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.io.Compression;
import io.jaci.core.tar.TarEntry;
import io.jaci.core.tar.TarReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interoperability of the built CLI with the reference actool and with GNU tar. */
class ActoolIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private String build(Path layout, Path out, String... options) {
    List<Object> args = new ArrayList<>(List.of("build"));
    args.addAll(List.of(options));
    args.add(layout);
    args.add(out);
    ProcessRun r = JaciJar.run(tmp, args.toArray()).assertSuccess();
    assertThat(r.out()).matches("sha512-[0-9a-f]{128}\n");
    return r.out().trim();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "bzip2", "xz", "none"})
  void actoolValidate_acceptsEveryJaciBuild(String compression) throws IOException {
    String actool = ExternalTool.require("actool").toString();
    Path rich = RichTree.create(tmp.resolve("rich"), false);
    for (Path layout : List.of(TestImages.helloExample(), rich)) {
      Path out = tmp.resolve(layout.getFileName() + "-" + compression + ".aci");
      build(layout, out, "--compression", compression);
      ProcessRun v = ProcessRun.run(tmp, actool, "validate", out.toString());
      assertThat(v.exit()).as(v.describe()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void jaci_readsActoolBuilds_withTheManifestLast(boolean compressed) throws IOException {
    String actool = ExternalTool.require("actool").toString();
    Path layout = RichTree.create(tmp.resolve("rich"), false);
    Path aci = tmp.resolve("actool.aci");
    List<String> cmd = new ArrayList<>(List.of(actool, "build"));
    if (!compressed) {
      cmd.add("--no-compression");
    }
    cmd.addAll(List.of(layout.toString(), aci.toString()));
    ProcessRun.run(tmp, Map.of(), cmd).assertSuccess();
    assertThat(lastEntryName(aci)).isEqualTo("manifest");

    ProcessRun v = JaciJar.run(tmp, "validate", aci).assertSuccess();
    assertThat(v.out()).isEqualTo(aci + ": valid image archive\n");
    ProcessRun cat = JaciJar.run(tmp, "manifest", "cat", aci).assertSuccess();
    assertThat(JSON.readTree(cat.out())).isEqualTo(JSON.readTree(TestImages.MANIFEST));
  }

  @Test
  void jaciPatchOfAnActoolBuild_isAcceptedByActool() throws IOException {
    String actool = ExternalTool.require("actool").toString();
    Path aci = actoolBuildOfHello(actool);
    Path patched = tmp.resolve("patched.aci");
    JaciJar.run(tmp, "manifest", "patch", "--name", "example.com/patched", "--label",
        "version=2.0.0", "--exec", "/bin/hello --loud", aci, patched).assertSuccess();
    ProcessRun v = ProcessRun.run(tmp, actool, "validate", patched.toString());
    assertThat(v.exit()).as(v.describe()).isZero();
    JsonNode m = JSON.readTree(ProcessRun.run(tmp, actool, "cat-manifest", patched.toString())
        .assertSuccess().out());
    assertThat(m.path("name").asText()).isEqualTo("example.com/patched");
    assertThat(m.at("/app/exec")).isEqualTo(JSON.readTree("[\"/bin/hello\",\"--loud\"]"));
    assertThat(m.path("labels").findValuesAsText("value")).contains("2.0.0")
        .doesNotContain("1.0.0");
    assertThat(lastEntryName(patched)).isEqualTo("manifest");
  }

  /**
   * Issue 14 (manifest patch): the same flags, in actool's forms, patch the same way in actool
   * and in jaci.
   */
  @Test
  void jaciPatch_takesActoolsFlagsAndPatchesAsActoolDoes() throws IOException {
    String actool = ExternalTool.require("actool").toString();
    Path aci = actoolBuildOfHello(actool);
    List<String> flags = List.of("--name", "example.com/patched", "--exec", "/bin/hello --loud",
        "--user", "1000", "--group", "1000", "--supplementary-groups", "10,27",
        "--capability", "CAP_NET_BIND_SERVICE,CAP_CHOWN",
        "--mounts", "work,path=/var/work,readOnly=true:cache,path=/var/cache",
        "--ports", "http,protocol=tcp,port=80:dns,protocol=udp,port=53,count=2,"
            + "socketActivated=true",
        "--isolators", "resource/memory,limit=1G:os/linux/no-new-privileges,true");
    Path byActool = tmp.resolve("by-actool.aci");
    List<String> actoolPatch = new ArrayList<>(List.of(actool, "patch-manifest"));
    actoolPatch.addAll(flags);
    actoolPatch.addAll(List.of(aci.toString(), byActool.toString()));
    ProcessRun.run(tmp, Map.of(), actoolPatch).assertSuccess();
    Path byJaci = tmp.resolve("by-jaci.aci");
    List<Object> jaciPatch = new ArrayList<>(List.of("manifest", "patch"));
    jaciPatch.addAll(flags);
    jaciPatch.addAll(List.of(aci, byJaci));
    JaciJar.run(tmp, jaciPatch.toArray()).assertSuccess();

    JsonNode expected = actoolManifest(actool, byActool);
    // actool writes "count":0 for a port given without count; the spec's default is 1
    expected.at("/app/ports").forEach(p -> {
      if (p.path("count").asInt() == 0) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) p).put("count", 1);
      }
    });
    assertThat(expected.at("/app/mountPoints")).hasSize(2);
    assertThat(actoolManifest(actool, byJaci)).isEqualTo(expected);

    // and what actool cannot say: an argument with spaces
    Path spaced = tmp.resolve("spaced.aci");
    JaciJar.run(tmp, "manifest", "patch", "--exec-json", "[\"/bin/sh\",\"-c\",\"echo hi\"]",
        aci, spaced).assertSuccess();
    assertThat(actoolManifest(actool, spaced).at("/app/exec"))
        .isEqualTo(JSON.readTree("[\"/bin/sh\",\"-c\",\"echo hi\"]"));
  }

  private Path actoolBuildOfHello(String actool) {
    Path aci = tmp.resolve("actool.aci");
    ProcessRun.run(tmp, actool, "build", TestImages.helloExample().toString(), aci.toString())
        .assertSuccess();
    return aci;
  }

  /** The manifest as actool reads it, after actool validated the image. */
  private JsonNode actoolManifest(String actool, Path aci) throws IOException {
    ProcessRun v = ProcessRun.run(tmp, actool, "validate", aci.toString());
    assertThat(v.exit()).as(v.describe()).isZero();
    return JSON.readTree(ProcessRun.run(tmp, actool, "cat-manifest", aci.toString())
        .assertSuccess().out());
  }

  @Test
  void imageId_isTheSha512OfTheUncompressedTar() throws IOException {
    ExternalTool.require("gzip");
    ExternalTool.require("sha512sum");
    Path layout = RichTree.create(tmp.resolve("rich"), false);
    Path gz = tmp.resolve("out.aci");
    String id = build(layout, gz);
    ProcessRun sum = ProcessRun.run(tmp, "sh", "-c", "gzip -dc \"$1\" | sha512sum", "sh",
        gz.toString()).assertSuccess();
    assertThat(id).isEqualTo("sha512-" + sum.out().substring(0, 128));

    Path plain = tmp.resolve("plain.aci");
    assertThat(build(layout, plain, "--compression", "none")).isEqualTo(id);
    ProcessRun plainSum = ProcessRun.run(tmp, "sha512sum", plain.toString()).assertSuccess();
    assertThat(plainSum.out()).startsWith(id.substring("sha512-".length()) + " ");
  }

  @Test
  void gnuTarList_showsModesAndLinks() throws IOException {
    String tar = ExternalTool.require("tar").toString();
    String stat = ExternalTool.require("stat").toString();
    Path layout = RichTree.create(tmp.resolve("rich"), false);
    Path aci = tmp.resolve("out.aci");
    build(layout, aci);
    List<String> listing = ProcessRun.run(tmp, tar, "-tvf", aci.toString()).assertSuccess()
        .out().lines().toList();

    for (String rel : List.of("bin/tool", "bin/group-tool", "tmp", "run/fifo", "etc/empty",
        "empty", RichTree.LONG_DIR, RichTree.NON_ASCII, RichTree.LONG_FILE)) {
      String mode = ProcessRun.run(tmp, stat, "-c", "%A", layout.resolve("rootfs/" + rel)
          .toString()).assertSuccess().out().trim();
      String name = "rootfs/" + rel + (Files.isDirectory(layout.resolve("rootfs/" + rel))
          ? "/" : "");
      assertThat(listing).as("tar -tv line of %s", name)
          .anySatisfy(l -> assertThat(l).startsWith(mode + " ").endsWith(" " + name));
    }
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("l")
        .endsWith(" rootfs/bin/sh -> tool"));
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("l")
        .endsWith(" rootfs/etc/long-link -> ../" + RichTree.LONG_FILE));
    assertThat(listing).anySatisfy(l -> assertThat(l).startsWith("h").matches(
        ".* rootfs/bin/tool(-again)? link to rootfs/bin/tool(-again)?$"));
    assertThat(listing.get(0)).endsWith(" manifest");
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip"})
  void gnuTarExtract_reproducesTheTree(String compression) throws IOException {
    String tar = ExternalTool.require("tar").toString();
    Path layout = RichTree.create(tmp.resolve("rich"), false);
    Path aci = tmp.resolve("out.aci");
    build(layout, aci, "--compression", compression);
    Path x = Files.createDirectory(tmp.resolve("extracted"));
    boolean xattrs = RichTree.xattrsSupported(tmp);
    List<String> cmd = new ArrayList<>(List.of(tar, "-x", "-p", "--numeric-owner", "-f",
        aci.toString(), "-C", x.toString()));
    if (xattrs) {
      cmd.addAll(List.of("--xattrs", "--xattrs-include=*"));
    }
    ProcessRun.run(tmp, Map.of(), cmd).assertSuccess();

    boolean owners = isRoot();
    Map<String, String> expected = TreeDescription.of(layout.resolve("rootfs"), owners);
    assertThat(TreeDescription.of(x.resolve("rootfs"), owners)).isEqualTo(expected);
    assertThat(expected.get("etc/config")).contains(xattrs ? "user.jaci.test=" : "file");
    assertThat(expected.get("run/fifo")).startsWith("fifo");
    assertThat(JSON.readTree(x.resolve("manifest").toFile()))
        .isEqualTo(JSON.readTree(TestImages.MANIFEST));
  }

  private static String lastEntryName(Path aci) throws IOException {
    String last = null;
    try (TarReader tar = new TarReader(Compression.decompressing(Files.newInputStream(aci)))) {
      for (TarEntry e = tar.next(); e != null; e = tar.next()) {
        last = e.name();
      }
    }
    return last == null ? null : last.replaceFirst("^\\./", "");
  }
}
