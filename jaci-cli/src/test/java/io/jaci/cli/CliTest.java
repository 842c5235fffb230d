package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exit-code contract (0 ok, 1 failure, 2 usage) and the one-line errors of the CLI. */
class CliTest {
  @TempDir
  Path tmp;

  Path outDir;
  Path layout;

  record Result(int exit, String out, String err) {
    List<String> errLines() {
      return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
    }

    List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    outDir = Files.createDirectory(tmp.resolve("out"));
    layout = TestImages.layout(tmp.resolve("layout"));
  }

  static Result jaci(Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] a = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    int exit = io.jaci.cli.Main.run(a, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  /**
   * A failure as the user must see it: the exit code, exactly one {@code jaci: } line on
   * stderr (for usage errors ending with the hint to --help) holding every
   * {@code mentions}, no stack trace, and nothing new in the output directory.
   */
  private void assertOneLineError(Result r, int exit, List<String> outDirBefore,
      String... mentions) throws IOException {
    assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(exit);
    List<String> jaciLines = r.errLines().stream().filter(l -> l.startsWith("jaci: ")).toList();
    assertThat(jaciLines).as("stderr: %s", r.err()).hasSize(1);
    assertThat(r.errLines()).hasSize(1);
    if (exit == 2) {
      assertThat(r.errLines().get(0)).endsWith(" --help')");
    }
    assertThat(jaciLines.get(0)).contains(mentions);
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception")
        .doesNotContain("internal error");
    assertThat(TestImages.list(outDir)).isEqualTo(outDirBefore);
  }

  private void assertOneLineError(Result r, int exit, String... mentions) throws IOException {
    assertOneLineError(r, exit, List.of(), mentions);
  }

  private Path builtAci() throws IOException {
    Path aci = tmp.resolve("in.aci");
    Result r = jaci("build", layout, aci);
    assertThat(r.exit()).as(r.err()).isZero();
    return aci;
  }

  @Test
  void build_success_exits0_printsOnlyTheImageId() {
    Path aci = outDir.resolve("hello.aci");
    Result r = jaci("build", TestImages.helloExample(), aci);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).matches("sha512-[0-9a-f]{128}\n");
    assertThat(r.err()).isEmpty();
    assertThat(aci).isRegularFile();
    assertThat(jaci("validate", aci).exit()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "bzip2", "xz", "none"})
  void build_everyCompression_givesTheSameImageId(String compression) throws IOException {
    Result gzip = jaci("build", layout, tmp.resolve("ref.aci"));
    Result r = jaci("build", "--compression", compression, layout, outDir.resolve("x.aci"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(gzip.out());
  }

  @Test
  void unknownOption_isAUsageError() throws IOException {
    Result r = jaci("build", "--frobnicate", layout, outDir.resolve("x.aci"));
    assertOneLineError(r, 2, "--frobnicate");
  }

  @Test
  void missingParameter_isAUsageError() throws IOException {
    assertOneLineError(jaci("build", layout), 2, "OUT.aci");
    assertOneLineError(jaci("validate"), 2, "PATH");
    assertOneLineError(jaci("manifest", "cat"), 2, "IMAGE");
    assertOneLineError(jaci(), 2, "command");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lz4", "zstd", "GZIPX", ""})
  void badCompression_isAUsageErrorNamingTheValue(String value) throws IOException {
    Result r = jaci("build", "--compression", value, layout, outDir.resolve("x.aci"));
    assertOneLineError(r, 2, value);
    Result p = jaci("manifest", "patch", "--compression", value, "--name", "example.com/x",
        builtAci(), outDir.resolve("p.aci"));
    assertOneLineError(p, 2, value);
  }

  @Test
  void patch_withNothingToChange_isAUsageError() throws IOException {
    Result r = jaci("manifest", "patch", builtAci(), outDir.resolve("p.aci"));
    assertOneLineError(r, 2, "nothing to change");
  }

  @Test
  void build_missingManifest_failsNamingTheFile() throws IOException {
    Files.delete(layout.resolve("manifest"));
    Result r = jaci("build", layout, outDir.resolve("x.aci"));
    assertOneLineError(r, 1, layout.resolve("manifest").toString(), "missing");
  }

  @Test
  void build_invalidJsonManifest_failsNamingTheFileAndTheProblem() throws IOException {
    Files.writeString(layout.resolve("manifest"), "{\"acKind\": \"ImageManifest\",");
    Result r = jaci("build", layout, outDir.resolve("x.aci"));
    assertOneLineError(r, 1, layout.resolve("manifest").toString(), "invalid JSON");
  }

  private static final String THREE_PROBLEMS = "{\"acKind\":\"ImageManifest\","
      + "\"acVersion\":\"0.0.0\",\"name\":\"a..b\",\"labels\":[{\"name\":\"os\",\"value\":\"plan9\"}]}";

  @Test
  void build_manifestWithSeveralProblems_failsInOneLineNamingEach() throws IOException {
    Files.writeString(layout.resolve("manifest"), THREE_PROBLEMS);
    Result r = jaci("build", layout, outDir.resolve("x.aci"));
    assertOneLineError(r, 1, layout.resolve("manifest").toString(), "acVersion", "a..b",
        "plan9");
  }

  @Test
  void validate_manifestWithSeveralProblems_reportsEachOnItsOwnLine() throws IOException {
    Path manifest = Files.writeString(tmp.resolve("bad.json"), THREE_PROBLEMS);
    Result r = jaci("validate", manifest);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.outLines()).hasSize(3).allSatisfy(l -> assertThat(l).startsWith(manifest + ": "));
    assertThat(r.outLines().get(0)).contains("acVersion");
    assertThat(r.outLines().get(1)).contains("a..b");
    assertThat(r.outLines().get(2)).contains("plan9");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void notAnArchive_failsEveryCommandInOneLine() throws IOException {
    Path junk = Files.writeString(tmp.resolve("junk.aci"), "this is not an archive\n");
    Result v = jaci("validate", junk);
    assertThat(v.exit()).isEqualTo(1);
    assertThat(v.outLines()).singleElement().asString().startsWith(junk + ": ")
        .contains("not an ACI");
    assertOneLineError(jaci("manifest", "cat", junk), 1, junk.toString(), "not an ACI");
    assertOneLineError(jaci("manifest", "patch", "--name", "example.com/x", junk,
        outDir.resolve("p.aci")), 1, junk.toString(), "not an ACI");
  }

  @Test
  void truncatedGzipAci_failsInOneLine() throws IOException {
    byte[] whole = Files.readAllBytes(builtAci());
    Path cut = Files.write(tmp.resolve("cut.aci"), Arrays.copyOf(whole, whole.length / 2));
    Result v = jaci("validate", cut);
    assertThat(v.exit()).isEqualTo(1);
    assertThat(v.outLines()).singleElement().asString().startsWith(cut + ": ")
        .contains("truncated");
    assertOneLineError(jaci("manifest", "patch", "--name", "example.com/x", cut,
        outDir.resolve("p.aci")), 1, cut.toString(), "truncated");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../evil", "rootfs/../../evil", "/etc/evil", "/rootfs/evil"})
  void archiveWithEscapingNames_isRejected(String name) throws IOException {
    Path tar = TestImages.tarWith(tmp.resolve("hostile.aci"), "rootfs/ok", name);
    Result v = jaci("validate", tar);
    assertThat(v.exit()).isEqualTo(1);
    assertThat(v.outLines()).singleElement().asString().startsWith(tar + ": ").contains(name);
    assertOneLineError(jaci("manifest", "patch", "--name", "example.com/x", tar,
        outDir.resolve("p.aci")), 1, tar.toString(), name);
  }

  @Test
  void archiveWithDuplicateEntries_isRejected() throws IOException {
    Path tar = TestImages.tarWith(tmp.resolve("dup.aci"), "rootfs/a", "rootfs/b", "./rootfs/a");
    Result v = jaci("validate", tar);
    assertThat(v.exit()).isEqualTo(1);
    assertThat(v.outLines()).singleElement().asString().startsWith(tar + ": ")
        .contains("rootfs/a", "duplicate");
    assertOneLineError(jaci("manifest", "patch", "--name", "example.com/x", tar,
        outDir.resolve("p.aci")), 1, tar.toString(), "rootfs/a", "duplicate");
  }

  @Test
  void outputInAMissingDirectory_failsNamingIt() throws IOException {
    Path missing = outDir.resolve("no/such/dir");
    assertOneLineError(jaci("build", layout, missing.resolve("x.aci")), 1, missing.toString(),
        "does not exist");
    assertOneLineError(jaci("manifest", "patch", "--name", "example.com/x", builtAci(),
        missing.resolve("x.aci")), 1, missing.toString(), "does not exist");
  }

  @Test
  void existingOutput_isKeptWithoutOverwrite() throws IOException {
    Path existing = Files.writeString(outDir.resolve("x.aci"), "precious");
    List<String> before = TestImages.list(outDir);
    assertOneLineError(jaci("build", layout, existing), 1, before, existing.toString(),
        "already exists", "--overwrite");
    assertOneLineError(jaci("manifest", "patch", "--name", "example.com/x", builtAci(),
        existing), 1, before, existing.toString(), "already exists");
    assertThat(existing).hasContent("precious");

    Result r = jaci("build", "--overwrite", layout, existing);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(jaci("validate", existing).exit()).isZero();
    assertThat(TestImages.list(outDir)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "from-debs out.aci --name example.com/x|name at least one PACKAGE",
      "from-debs hello out.aci --name Bad|--name Bad: invalid app string",
      "from-debs hello out.aci --name example.com/x --exclude usr/share|expected an absolute",
      "from-debs hello out.aci --name example.com/x --from-lock l.json|give no PACKAGE",
      "from-debs out.aci --name example.com/x --from-lock l.json --level 0|outside 1..9",
      "from-debs hello x.deb --name example.com/x|the last argument is the ACI to write",
      "from-debs hello out.aci|Missing required option: '--name"})
  void fromDebs_usageErrorsAreOneLineAndExitTwo(String caseText) {
    String[] parts = caseText.split("\\|");
    Result r = jaci((Object[]) parts[0].split(" "));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("jaci: ").contains(parts[1]);
    assertThat(r.err().strip()).doesNotContain("\n");
    assertThat(Path.of("out.aci")).as("relative to the working directory").doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "build", "validate", "manifest", "manifest cat", "manifest patch",
      "trust", "trust add", "trust list", "trust rm", "sign", "verify", "fetch", "serve", "push",
      "help"})
  void help_worksOnEveryCommand(String command) {
    List<String> args = new ArrayList<>(command.isEmpty() ? List.of()
        : List.of(command.split(" ")));
    args.add("--help");
    Result r = jaci(args.toArray());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage: jaci" + (command.isEmpty() ? "" : " " + command) + " ");
    assertThat(r.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "help", "image --help", "help image", "manifest --help",
      "pod --help", "trust --help"})
  void usage_listsEveryCommandOfItsLevel(String command) {
    Result r = jaci((Object[]) command.split(" "));
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> expected = command.contains("image")
        ? List.of("import", "list", "rm", "cat-manifest", "render", "extract", "export",
            "verify", "gc")
        : command.contains("manifest") ? List.of("cat", "patch")
        : command.contains("pod") ? List.of("list", "status", "enter", "stop", "rm", "gc")
        : command.contains("trust") ? List.of("add", "list", "rm")
        : List.of("build", "run", "pod", "begin", "dockerfile", "validate", "convert",
            "from-rootfs", "from-debs", "manifest", "image", "trust", "sign", "verify", "fetch",
            "serve", "push", "help");
    List<String> listed = r.outLines().stream()
        .dropWhile(l -> !l.equals("Commands:")).skip(1)
        .filter(l -> l.matches("  \\S.*")).map(l -> l.trim().split(" ")[0]).toList();
    assertThat(listed).containsExactlyElementsOf(expected);
  }

  @Test
  void trustSignVerify_badInputIsOneLine() throws IOException {
    Path none = tmp.resolve("none.aci");
    Path key = Files.writeString(tmp.resolve("k.asc"), "not a key\n");
    // without KEY, discovery of the prefix (TrustDiscoveryIT); what is no prefix asks nobody
    assertOneLineError(jaci("trust", "add", "--root"), 2, "--root needs a KEY");
    assertOneLineError(jaci("trust", "add", "--prefix", "example.com/app:1.0.0"), 2,
        "no version or labels");
    assertOneLineError(jaci("trust", "add", "--prefix", "../etc"), 2, "../etc");
    assertOneLineError(jaci("trust", "add", "--prefix", "example.com",
        "--insecure-options=http"), 2, "--insecure-options=pubkey,http");
    assertOneLineError(jaci("trust", "add", "--prefix", "example.com", "--timeout=0"), 2,
        "--timeout");
    assertOneLineError(jaci("trust", "add", "--prefix", "../etc", key), 2,
        "invalid key prefix", "../etc");
    assertOneLineError(jaci("trust", "add", key), 2, "--prefix", "--root");
    assertOneLineError(jaci("trust", "add", "--root", "--yes", key), 1, key.toString(),
        "OpenPGP public key");
    assertOneLineError(jaci("trust", "rm", "../../x"), 2, "invalid key fingerprint");
    assertOneLineError(jaci("verify", none), 1, none.toString());
    assertOneLineError(jaci("sign", "--key", key, none), 1, none.toString());
  }

  @Test
  void fetch_badInputIsOneLine_issue13() throws IOException {
    Path store = tmp.resolve("store");
    assertOneLineError(jaci("fetch", "--pull-policy", "sometimes", "example.com/app"), 2,
        "never, new or update");
    assertOneLineError(jaci("fetch", "--insecure-options=image,bogus", "example.com/app"), 2,
        "unknown insecure option");
    assertOneLineError(jaci("fetch", "--store", store, "Not An Image!"), 1,
        "invalid app string");
    assertOneLineError(jaci("fetch", "--store", store, "docker://busybox"), 1, "jaci convert");
    assertOneLineError(jaci("fetch", "--store", store, "--insecure-options=http",
        "--timeout", "2", "127.0.0.1:1/example.com/app:1.0"), 1,
        "no image found by discovery", "https://127.0.0.1:1/example.com/app?ac-discovery=1");
    assertOneLineError(jaci("fetch", "--store", store, "--pull-policy", "never",
        "example.com/app:1.0"), 1, "--pull-policy never");
  }

  @Test
  void convert_needsOneAppcAndOneDockerSide() throws IOException {
    assertOneLineError(jaci("convert", "a.aci", "store:"), 2, "both SRC and DEST are appc");
    assertOneLineError(jaci("convert", "oci:" + tmp.resolve("x"), "docker-archive:"
        + outDir.resolve("x.tar")), 2, "both SRC and DEST are Docker/OCI");
    assertOneLineError(jaci("convert", "podman:x", "store:"), 2, "podman:x", "unknown transport");
  }

  @Test
  void help_ofANestedCommand_andStoreOptionBeforeTheCommand() {
    Result help = jaci("image", "render", "--help");
    assertThat(help.exit()).as(help.err()).isZero();
    assertThat(help.out()).contains("Usage: jaci image render ");

    Result list = jaci("--store", tmp.resolve("store"), "image", "list", "--json");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out().trim()).isEqualTo("[ ]");

    Result version = jaci("--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).startsWith("jaci ");
  }

  @Test
  void debug_printsTheStackTraceOfAFailure() throws IOException {
    Path junk = Files.writeString(tmp.resolve("junk.aci"), "junk");
    Result r = jaci("--debug", "manifest", "cat", junk);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("\tat ").contains("Exception");
    assertThat(r.errLines().get(r.errLines().size() - 1)).startsWith("jaci: ")
        .contains(junk.toString());
  }

  @Test
  void validate_severalPaths_reportsEach() throws IOException {
    Path good = builtAci();
    Path junk = Files.writeString(tmp.resolve("junk.aci"), "junk");
    Path manifest = Files.writeString(tmp.resolve("m.json"), TestImages.MANIFEST);
    Result r = jaci("validate", good, junk, layout, manifest);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.outLines()).hasSize(4);
    assertThat(r.outLines().get(0)).isEqualTo(good + ": valid image archive");
    assertThat(r.outLines().get(1)).startsWith(junk + ": ").contains("not an ACI");
    assertThat(r.outLines().get(2)).isEqualTo(layout + ": valid image layout");
    assertThat(r.outLines().get(3)).isEqualTo(manifest + ": valid image manifest");

    Result allGood = jaci("validate", good, layout, manifest);
    assertThat(allGood.exit()).isZero();
    assertThat(allGood.outLines()).hasSize(3);
  }
}
