package io.jaci.cli;

import static io.jaci.cli.CliTest.jaci;
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
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code jaci manifest patch}: ManifestPatch's flags and AciRewriter's byte-exact copy. */
class ManifestPatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A manifest with one of everything the patch appends to or replaces. */
  private static final String RICH = """
      {"acKind":"ImageManifest","acVersion":"0.8.11","name":"example.com/rich",
       "labels":[{"name":"version","value":"1.0"},{"name":"os","value":"linux"},
                 {"name":"arch","value":"amd64"}],
       "app":{"exec":["/bin/true"],"user":"0","group":"0",
              "mountPoints":[{"name":"old","path":"/old"}],
              "ports":[{"name":"old","protocol":"tcp","port":1}],
              "isolators":[{"name":"os/linux/capabilities-retain-set",
                            "value":{"set":["CAP_CHOWN"]}},
                           {"name":"os/linux/oom-score-adj","value":5}]},
       "annotations":[{"name":"authors","value":"old"}]}
      """;

  @TempDir
  Path tmp;

  Path outDir;
  Path in;

  @BeforeEach
  void setUp() throws IOException {
    outDir = Files.createDirectory(tmp.resolve("out"));
    Path layout = TestImages.layout(tmp.resolve("layout"));
    Files.createLink(layout.resolve("rootfs/bin/true-again"), layout.resolve("rootfs/bin/true"));
    Files.writeString(layout.resolve("manifest"), RICH);
    in = tmp.resolve("in.aci");
    CliTest.Result r = jaci("build", layout, in);
    assertThat(r.exit()).as(r.err()).isZero();
  }

  /** Patches {@code in} into a new file, checks the copy, returns the new manifest. */
  private JsonNode patch(String... flags) throws IOException {
    Path out = outDir.resolve("p" + TestImages.list(outDir).size() + ".aci");
    List<Object> args = new ArrayList<>(List.of("manifest", "patch"));
    args.addAll(Arrays.asList(flags));
    args.add(in);
    args.add(out);
    CliTest.Result r = jaci(args.toArray());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).matches("sha512-[0-9a-f]{128}\n");
    assertOtherEntriesIdentical(in, out);
    assertThat(jaci("validate", out).exit()).isZero();
    return manifest(out);
  }

  private static JsonNode manifest(Path aci) throws IOException {
    return JSON.readTree(jaci("manifest", "cat", aci).out());
  }

  /** Every entry but the manifest is the same raw header blocks and the same content. */
  static void assertOtherEntriesIdentical(Path before, Path after) throws IOException {
    List<byte[][]> a = rawEntries(before);
    List<byte[][]> b = rawEntries(after);
    assertThat(b).hasSameSizeAs(a);
    int manifests = 0;
    for (int i = 0; i < a.size(); i++) {
      String name = new String(a.get(i)[2]);
      assertThat(new String(b.get(i)[2])).isEqualTo(name);
      if (name.equals("manifest") || name.equals("./manifest")) {
        manifests++;
        continue;
      }
      assertThat(b.get(i)[0]).as("raw header of %s", name).isEqualTo(a.get(i)[0]);
      assertThat(b.get(i)[1]).as("content of %s", name).isEqualTo(a.get(i)[1]);
    }
    assertThat(manifests).isEqualTo(1);
  }

  /** {raw header, content, name} of every entry. */
  private static List<byte[][]> rawEntries(Path aci) throws IOException {
    List<byte[][]> entries = new ArrayList<>();
    try (TarReader tar = new TarReader(Compression.decompressing(Files.newInputStream(aci)))) {
      for (TarEntry e = tar.next(); e != null; e = tar.next()) {
        entries.add(new byte[][] {e.rawHeader(), tar.content().readAllBytes(),
            e.name().getBytes()});
      }
    }
    assertThat(entries).hasSizeGreaterThan(5);
    return entries;
  }

  private static List<String> names(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText())
        .toList();
  }

  @Test
  void name_replacesTheName() throws IOException {
    assertThat(patch("--name", "example.com/renamed").path("name").asText())
        .isEqualTo("example.com/renamed");
  }

  /** Issue 14: the name takes a version and labels as everywhere a name is given. */
  @Test
  void name_withVersionAndLabels_setsThemToo() throws IOException {
    JsonNode m = patch("--name", "example.com/renamed:2.0,channel=beta");
    assertThat(m.path("name").asText()).isEqualTo("example.com/renamed");
    assertThat(m.path("labels").toString()).contains("{\"name\":\"version\",\"value\":\"2.0\"}")
        .contains("{\"name\":\"channel\",\"value\":\"beta\"}");
  }

  @Test
  void exec_isSplitOnSpaces() throws IOException {
    JsonNode m = patch("--exec", "/bin/sh -c  echo");
    assertThat(m.at("/app/exec")).isEqualTo(JSON.readTree("[\"/bin/sh\",\"-c\",\"echo\"]"));
    assertThat(m.at("/app/user").asText()).isEqualTo("0");
  }

  @Test
  void userGroupAndSupplementaryGroups_replace() throws IOException {
    JsonNode m = patch("--user", "1000", "--group", "staff", "--supplementary-groups", "10,27");
    assertThat(m.at("/app/user").asText()).isEqualTo("1000");
    assertThat(m.at("/app/group").asText()).isEqualTo("staff");
    assertThat(m.at("/app/supplementaryGIDs")).isEqualTo(JSON.readTree("[10,27]"));
    assertThat(m.at("/app/exec")).isEqualTo(JSON.readTree("[\"/bin/true\"]"));
  }

  @Test
  void capabilitySets_replaceEachOther() throws IOException {
    JsonNode revoke = patch("--revoke-capability", "CAP_SYS_ADMIN,CAP_NET_RAW");
    assertThat(names(revoke.at("/app/isolators"), "name"))
        .containsExactly("os/linux/oom-score-adj", "os/linux/capabilities-remove-set");
    assertThat(revoke.at("/app/isolators/1/value/set"))
        .isEqualTo(JSON.readTree("[\"CAP_SYS_ADMIN\",\"CAP_NET_RAW\"]"));

    JsonNode retain = patch("--capability", "CAP_NET_BIND_SERVICE");
    assertThat(names(retain.at("/app/isolators"), "name"))
        .containsExactly("os/linux/oom-score-adj", "os/linux/capabilities-retain-set");
    assertThat(retain.at("/app/isolators/1/value/set"))
        .isEqualTo(JSON.readTree("[\"CAP_NET_BIND_SERVICE\"]"));
  }

  @Test
  void mountsPortsAndIsolators_areAppended_withNameKeys() throws IOException {
    JsonNode m = patch(
        "--mounts", "name=data,path=/var/data,readOnly=true:name=logs,path=/var/log",
        "--ports", "name=https,protocol=tcp,port=443:name=dns,protocol=udp,port=53,count=2,"
            + "socketActivated=true",
        "--isolators", "resource/memory,limit=1G:os/linux/no-new-privileges,true");
    JsonNode mounts = m.at("/app/mountPoints");
    assertThat(names(mounts, "name")).containsExactly("old", "data", "logs");
    assertThat(names(mounts, "path")).containsExactly("/old", "/var/data", "/var/log");
    assertThat(mounts.get(0).path("readOnly").asBoolean(false)).isFalse();
    assertThat(mounts.get(1).path("readOnly").asBoolean(false)).isTrue();
    assertThat(mounts.get(2).path("readOnly").asBoolean(false)).isFalse();
    JsonNode ports = m.at("/app/ports");
    assertThat(names(ports, "name")).containsExactly("old", "https", "dns");
    assertThat(ports.get(1).path("protocol").asText()).isEqualTo("tcp");
    assertThat(ports.get(1).path("port").asInt()).isEqualTo(443);
    assertThat(ports.get(2).path("protocol").asText()).isEqualTo("udp");
    assertThat(ports.get(2).path("port").asInt()).isEqualTo(53);
    assertThat(ports.get(2).path("count").asInt()).isEqualTo(2);
    assertThat(ports.get(2).path("socketActivated").asBoolean()).isTrue();
    JsonNode isolators = m.at("/app/isolators");
    assertThat(names(isolators, "name")).containsExactly("os/linux/capabilities-retain-set",
        "os/linux/oom-score-adj", "resource/memory", "os/linux/no-new-privileges");
    assertThat(isolators.get(2).at("/value/limit").asText()).isEqualTo("1G");
    assertThat(isolators.get(3).path("value")).isEqualTo(JSON.readTree("true"));
  }

  /** Issue 14 (manifest patch): actool's form names the mount point or port first. */
  @Test
  void mountsAndPorts_takeActoolsFormWithTheNameFirst() throws IOException {
    JsonNode actoolForm = patch("--mounts", "work,path=/var/work,readOnly=true:tmp,path=/tmp",
        "--ports", "http,protocol=tcp,port=80:dns,port=53,protocol=udp,count=2");
    JsonNode keyForm = patch("--mounts", "name=work,path=/var/work,readOnly=true:"
        + "name=tmp,path=/tmp", "--ports", "name=http,protocol=tcp,port=80:"
        + "name=dns,port=53,protocol=udp,count=2");
    assertThat(actoolForm).isEqualTo(keyForm);
    assertThat(actoolForm.at("/app/mountPoints/1")).isEqualTo(JSON.readTree(
        "{\"name\":\"work\",\"path\":\"/var/work\",\"readOnly\":true}"));
    assertThat(names(actoolForm.at("/app/ports"), "name")).containsExactly("old", "http", "dns");
    assertThat(actoolForm.at("/app/ports/2/count").asInt()).isEqualTo(2);
  }

  /** Issue 14 (manifest patch): arguments with spaces. */
  @Test
  void execJson_keepsArgumentsWithSpaces() throws IOException {
    JsonNode m = patch("--exec-json", "[\"/bin/sh\",\"-c\",\"echo hi  there\"]");
    assertThat(m.at("/app/exec"))
        .isEqualTo(JSON.readTree("[\"/bin/sh\",\"-c\",\"echo hi  there\"]"));
  }

  @Test
  void labelsAndAnnotations_areSetOrReplaced() throws IOException {
    JsonNode m = patch("--label", "version=2.0", "--label", "channel=beta",
        "--annotation", "authors=new", "--annotation", "homepage=https://example.com/");
    assertThat(m.path("labels")).isEqualTo(JSON.readTree("""
        [{"name":"version","value":"2.0"},{"name":"os","value":"linux"},
         {"name":"arch","value":"amd64"},{"name":"channel","value":"beta"}]"""));
    assertThat(m.path("annotations")).isEqualTo(JSON.readTree("""
        [{"name":"authors","value":"new"},{"name":"homepage","value":"https://example.com/"}]"""));
  }

  @Test
  void manifestFile_replacesTheWholeManifest() throws IOException {
    String replacement = """
        {"acKind":"ImageManifest","acVersion":"0.8.11","name":"example.com/other",
         "labels":[{"name":"os","value":"linux"}]}""";
    Path file = Files.writeString(tmp.resolve("new.json"), replacement);
    assertThat(patch("--manifest", file.toString())).isEqualTo(JSON.readTree(replacement));
  }

  @Test
  void otherCompression_keepsEveryOtherEntry() throws IOException {
    assertThat(patch("--compression", "xz", "--name", "example.com/xz").path("name").asText())
        .isEqualTo("example.com/xz");
    assertThat(patch("--no-compression", "--user", "7").at("/app/user").asText())
        .isEqualTo("7");
  }

  @Test
  void replace_rewritesInPlace() throws IOException {
    Path copy = Files.copy(in, tmp.resolve("copy.aci"));
    List<String> before = TestImages.list(tmp);
    CliTest.Result r = jaci("manifest", "patch", "--replace", "--name", "example.com/replaced",
        in);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(manifest(in).path("name").asText()).isEqualTo("example.com/replaced");
    assertOtherEntriesIdentical(copy, in);
    assertThat(TestImages.list(tmp)).isEqualTo(before);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--name|A..b|A..b",
      "--exec|'   '|empty",
      "--supplementary-groups|10,x|x",
      "--supplementary-groups|-1|-1",
      "--mounts|name=Data,path=/x|Data",
      "--mounts|path=/x|name=",
      "--mounts|name=a,path=/x,readOnly=yes|yes",
      "--mounts|name=a,path=/x,size=1|size",
      "--ports|name=http,protocol=tcp,port=eighty|eighty",
      "--ports|name=http,protocol=tcp,port=70000|70000",
      "--isolators|resource/memory,limit=lots|lots",
      "--isolators|os/linux/no-new-privileges,maybe|maybe",
      "--capability|''|capabilities",
      "--capability|CAP_CHOWN,,CAP_KILL|CAP_CHOWN,,CAP_KILL",
      "--revoke-capability|CAP_KILL,|CAP_KILL,",
      "--mounts|data,readOnly=true|path=",
      "--ports|Http,protocol=tcp,port=80|Http",
      "--exec-json|'[\"/bin/sh\",1]'|1",
      "--exec-json|[]|JSON array",
      "--exec-json|/bin/sh -c|JSON array",
      "--exec-json|'{\"a\":1}'|JSON array",
  })
  void invalidValue_isAUsageErrorNamingIt(String flag, String value, String mentioned)
      throws IOException {
    CliTest.Result r = jaci("manifest", "patch", flag, value, in, outDir.resolve("p.aci"));
    assertThat(r.exit()).as("%s %s: %s", flag, value, r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("jaci: ").doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(r.err().lines().filter(l -> l.startsWith("jaci: ")).toList()).singleElement()
        .asString().contains(mentioned);
    assertThat(TestImages.list(outDir)).isEmpty();
  }

  @Test
  void conflictingFlags_areUsageErrors() throws IOException {
    CliTest.Result caps = jaci("manifest", "patch", "--capability", "CAP_CHOWN",
        "--revoke-capability", "CAP_KILL", in, outDir.resolve("p.aci"));
    assertThat(caps.exit()).isEqualTo(2);
    assertThat(caps.err()).startsWith("jaci: ").contains("--capability", "--revoke-capability");
    Path file = Files.writeString(tmp.resolve("m.json"), TestImages.MANIFEST);
    CliTest.Result both = jaci("manifest", "patch", "--manifest", file, "--name",
        "example.com/x", in, outDir.resolve("p.aci"));
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).startsWith("jaci: ").contains("--manifest");
    CliTest.Result execs = jaci("manifest", "patch", "--exec", "/bin/true", "--exec-json",
        "[\"/bin/true\"]", in, outDir.resolve("p.aci"));
    assertThat(execs.exit()).isEqualTo(2);
    assertThat(execs.err()).startsWith("jaci: ").contains("--exec and --exec-json");
    assertThat(TestImages.list(outDir)).isEmpty();
  }

  /**
   * Issue 10, item 4: a hard link that {@code jaci validate} rejects (to a file outside the
   * image, to a missing file) is no ACI, and patch refuses it as validate does: one line, no
   * output, instead of copying it into an archive that validate then rejects.
   */
  @ParameterizedTest
  @CsvSource({"/etc/passwd", "rootfs/../../etc/shadow", "rootfs/missing", "manifest"})
  void hardLinkThatValidateRejects_item4_isRefusedWithoutOutput(String target)
      throws IOException {
    Path bad = new TestAci(1_600_000_000L).dir("rootfs", 0755)
        .file("rootfs/a", 0644, 0, 0, "a\n")
        .add(new io.jaci.core.tar.TarHeader("rootfs/link", io.jaci.core.tar.TarEntryType.HARD_LINK,
            0644, 0, 0, 0, 1_600_000_000L, target, 0, 0, null))
        .write(tmp.resolve("bad.aci"), TestImages.MANIFEST);
    CliTest.Result validate = jaci("validate", bad);
    assertThat(validate.exit()).isNotZero();
    assertThat(validate.out() + validate.err()).contains("rootfs/link");

    CliTest.Result r = jaci("manifest", "patch", "--name", "example.com/x", bad,
        outDir.resolve("p.aci"));
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.errLines()).singleElement().asString().startsWith("jaci: ")
        .contains("rootfs/link", "hard link").hasSizeLessThan(300);
    assertThat(TestImages.list(outDir)).isEmpty();
  }
}
