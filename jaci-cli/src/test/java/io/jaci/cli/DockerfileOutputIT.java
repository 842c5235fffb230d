package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code jaci dockerfile} (issue 12) tells its user: a progress line per step on a
 * terminal ({@code [3/3] RUN ...}, cached steps marked), only the RUN output and the image ID
 * when piped; and each case of the issue's "Bad input" list as one clear line (a failing RUN:
 * plus the last lines of its output), exit 1, no image named, the store unchanged. Each case
 * runs as root and as nobody (rootless RUN), each with a store of its own.
 */
class DockerfileOutputIT {
  private static final String ROOT = "0";
  private static final String NOBODY = AsNobody.UID;

  @TempDir
  static Path tmp;
  static Path aci;
  /** Per user (uid): a store holding the busybox base and a build's step images. */
  static final Map<String, Path> STORES = new java.util.HashMap<>();

  @BeforeAll
  static void storesWithBase() throws IOException {
    AsNobody.requireRoot("DockerfileOutputIT runs as root and as nobody, which needs root");
    ExternalTool.require("runc");
    chmod("755", tmp);
    Path tree = BusyboxTree.make(tmp.resolve("tree"), List.of("sh", "cat", "echo"));
    Files.writeString(tree.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    aci = tmp.resolve("busybox.aci");
    JaciJar.run(tmp, "--store", tmp.resolve("setup-store"), "from-rootfs", tree, aci, "--name",
        "example.com/busybox", "--exec", "/bin/busybox").assertSuccess();
    chmod("644", aci);
    for (String uid : List.of(ROOT, NOBODY)) {
      STORES.put(uid, JaciAs.store(tmp, uid));
      build(uid, context("FROM " + aci + " AS builder\nRUN echo built > /b\n"), "example.com/ok")
          .assertSuccess();
    }
  }

  private static void chmod(String mode, Path p) {
    ProcessRun.run(Path.of("/"), "chmod", mode, p.toString()).assertSuccess();
  }

  /** A build context (readable by all) with a.txt and {@code dockerfile}. */
  private static Path context(String dockerfile) throws IOException {
    Path ctx = Files.createTempDirectory(tmp, "ctx-");
    Files.writeString(ctx.resolve("a.txt"), "a\n");
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
    ProcessRun.run(Path.of("/"), "chmod", "-R", "a+rX", ctx.toString()).assertSuccess();
    return ctx;
  }

  /** {@code jaci dockerfile} as {@code uid} into that user's store. */
  private static ProcessRun build(String uid, Path ctx, String name, Object... more) {
    List<Object> args = new ArrayList<>(List.of("dockerfile", "-t", name));
    args.addAll(List.of(more));
    args.add(ctx);
    return JaciAs.run(tmp, uid, STORES.get(uid), args.toArray());
  }

  /** Type, size and path of everything in {@code uid}'s store but the lock file. */
  private static String snapshot(String uid) throws IOException {
    Path store = STORES.get(uid);
    try (Stream<Path> s = Files.walk(store)) {
      return s.map(p -> {
        try {
          return (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "d 0"
              : "f " + Files.size(p)) + " " + store.relativize(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sorted().collect(Collectors.joining("\n"));
    }
  }

  @ParameterizedTest(name = "uid {0}")
  @ValueSource(strings = {ROOT, NOBODY})
  void progress_aLinePerStepOnATerminal_cachedMarked_quietWhenPiped(String uid)
      throws Exception {
    Path script = ExternalTool.require("script"); // a terminal for jaci (util-linux)
    Path ctx = context(String.join("\n",
        "FROM " + aci + " AS unused", // not needed, so not counted
        "RUN exit 1",
        "FROM " + aci,
        "COPY a.txt /a.txt",
        "RUN echo run-output",
        "CMD [\"cat\", \"/a.txt\"]",
        ""));
    String command = JaciAs.command(uid, STORES.get(uid), "dockerfile", "-t",
        "example.com/progress", ctx).stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
    for (boolean cached : new boolean[] {false, true}) {
      ProcessRun r = ProcessRun.run(tmp, script.toString(), "-qec", command, "/dev/null")
          .assertSuccess();
      List<String> lines = r.out().replace("\r", "").lines().toList();
      String mark = cached ? " (cached)" : "";
      List<String> expected = new ArrayList<>(List.of("[1/4] FROM " + aci,
          "[2/4] COPY a.txt /a.txt" + mark, "[3/4] RUN echo run-output" + mark));
      if (!cached) {
        expected.add("run-output");
      }
      expected.add("[4/4] CMD [\"cat\", \"/a.txt\"]");
      assertThat(lines.subList(0, lines.size() - 1)).as(r.describe())
          .containsExactlyElementsOf(expected);
      assertThat(lines.get(lines.size() - 1)).matches("sha512-[0-9a-f]{128}");
    }
    // piped: the RUN output and the image ID on stdout, nothing on stderr
    Path changed = context(Files.readString(ctx.resolve("Dockerfile"))
        .replace("run-output", "piped-output"));
    ProcessRun piped = build(uid, changed, "example.com/progress").assertSuccess();
    assertThat(piped.out()).matches("piped-output\nsha512-[0-9a-f]{128}\n");
    assertThat(piped.stderr()).isEmpty();
  }

  /** Bad input, one clear line each: exit 1, no image ID; its lines from that one on. */
  private static List<String> assertOneLine(ProcessRun r, String... expected) throws IOException {
    assertThat(r.exit()).as(r.describe()).isEqualTo(1);
    assertThat(r.out()).as("no image ID").doesNotContain("sha512-");
    // (a failing RUN's own stderr comes first, streamed as it came)
    List<String> lines = r.stderr().lines().dropWhile(l -> !l.startsWith("jaci: ")).toList();
    assertThat(lines).as(r.describe()).isNotEmpty();
    assertThat(lines.get(0)).as(r.describe()).contains(expected).doesNotContain("Exception")
        .hasSizeLessThan(420);
    return lines; // the callers compare the store with a snapshot: no image named either
  }

  /** Each case of the table below, as root and as nobody (one JVM start per user and case). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown instruction    | RUNN echo x                            | line 2: unknown instruction "RUNN" (did you mean RUN?)
      unknown flag           | COPY --chwn=1 a.txt /b                 | line 2: unknown flag --chwn on COPY (did you mean --chown?)
      unknown mount key      | RUN --mount=type=cache,tagret=/c true  | line 2: unexpected --mount key "tagret" (did you mean target?)
      COPY ../x              | COPY ../x /b                           | line 2: COPY: source "../x" is outside the build context
      COPY absolute path     | COPY /etc/passwd /b                    | line 2: COPY: source "/etc/passwd": not in the build context
      symlink out, dir       | COPY out/passwd /b                     | line 2: COPY: source "out/passwd" leads outside the build context
      symlink out, file      | COPY passwd-link /b                    | line 2: COPY: source "passwd-link" leads outside the build context
      missing stage          | COPY --from=biulder /b /b              | line 2: --from=biulder: no earlier stage of that name, and no image matching biulder in the store
      heredoc without end    | RUN <<EOF\\necho never ends            | line 2: heredoc <<EOF has no end (add a line "EOF" after its content)
      COPY heredoc, no end   | COPY <<DOC /f\\ntext                    | line 2: heredoc <<DOC has no end
      secret not given       | RUN --mount=type=secret,id=tok,required cat /run/secrets/tok | line 2: RUN --mount=type=secret,id=tok,required: no secret "tok"; give it with --secret id=tok,src=FILE
      """)
  void badInput_oneLine_exit1_storeUnchanged(String what, String instruction, String message)
      throws Exception {
    Path ctx = context("FROM " + aci + " AS builder\n" + instruction.replace("\\n", "\n")
        + "\n");
    Files.createSymbolicLink(ctx.resolve("out"), Path.of("/etc"));
    Files.createSymbolicLink(ctx.resolve("passwd-link"), Path.of("/etc/passwd"));
    for (String uid : List.of(ROOT, NOBODY)) {
      String before = snapshot(uid);
      List<String> lines = assertOneLine(build(uid, ctx, "example.com/bad"), message);
      assertThat(lines).as(what + " as uid " + uid).hasSize(1);
      assertThat(snapshot(uid)).as(what + " as uid " + uid + ": nothing written into the store")
          .isEqualTo(before);
    }
  }

  @ParameterizedTest(name = "uid {0}")
  @ValueSource(strings = {ROOT, NOBODY})
  void badInput_missingFromImage_andAFromStageMisspelt(String uid) throws Exception {
    String before = snapshot(uid);
    List<String> lines = assertOneLine(build(uid,
        context("FROM example.com/not-there\nRUN true\n"), "example.com/bad"),
        "line 1: FROM example.com/not-there: no image matching");
    assertThat(lines).hasSize(1);
    lines = assertOneLine(build(uid, context("FROM " + aci + " AS builder\nFROM biulder\n"),
        "example.com/bad"), "line 2: FROM biulder: ", "(did you mean builder?)");
    assertThat(lines).hasSize(1);
    assertThat(snapshot(uid)).isEqualTo(before);
  }

  @ParameterizedTest(name = "uid {0}")
  @ValueSource(strings = {ROOT, NOBODY})
  void badInput_aFromImageWhoseDependencyChainIsBroken_namesTheChain(String uid)
      throws Exception {
    // a layered image written to a file: its first step's image is in another store only
    Path out = JaciAs.store(tmp, uid); // a directory of uid's for the other store and the file
    Path layered = out.resolve("layered.aci");
    JaciAs.run(tmp, uid, out.resolve("other-store"), "dockerfile", "-t", "example.com/layered",
        "-o", layered, context("FROM " + aci + "\nRUN echo x > /x\nRUN echo y > /y\n"))
        .assertSuccess();
    List<String> lines = assertOneLine(build(uid, context("FROM " + layered + "\nRUN true\n"),
        "example.com/bad"), "line 1: FROM " + layered + ": example.com/layered -> "
        + "jaci.io/dockerfile-step (sha512-", "): not in the store");
    assertThat(lines).hasSize(1);
    assertThat(JaciAs.run(tmp, uid, STORES.get(uid), "image", "list").assertSuccess().out())
        .as("the base stays imported (a whole image), no image is named")
        .contains("example.com/layered").doesNotContain("example.com/bad");
  }

  @ParameterizedTest(name = "uid {0}")
  @ValueSource(strings = {ROOT, NOBODY})
  void badInput_aFailingRun_showsItsCommandExitCodeAndLastLines_writesNoImage(String uid)
      throws Exception {
    Path ctx = context("FROM " + aci + "\n"
        + "RUN for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line $i; done; echo oops >&2; "
        + "exit 3\n");
    String before = snapshot(uid);
    ProcessRun r = build(uid, ctx, "example.com/bad");
    List<String> lines = assertOneLine(r, "jaci: Dockerfile line 2: RUN for i in 1 2 3 4 5 6 7 "
        + "8 9 10 11 12; do echo line $i; done; echo oops >&2; exit 3: exit code 3; no image "
        + "was written; the last lines of its output follow");
    assertThat(r.stderr()).as("its stderr streamed as it came").startsWith("oops\n");
    assertThat(lines.subList(1, lines.size())).as("the last 10 lines, indented")
        .hasSize(10).allMatch(l -> l.startsWith("  | ")).contains("  | line 12", "  | oops")
        .doesNotContain("  | line 1", "  | line 2");
    assertThat(r.out()).as("streamed as it came, piped too").contains("line 1\n", "line 12\n");
    assertThat(snapshot(uid)).isEqualTo(before);
  }

  @ParameterizedTest(name = "uid {0}")
  @ValueSource(strings = {ROOT, NOBODY})
  void badInput_anAddUrlWhoseChecksumDiffers_writesNothing(String uid) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/file", ex -> {
      byte[] body = "downloaded\n".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (var out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/file";
      String wrong = "sha256:" + "0".repeat(64);
      String before = snapshot(uid);
      List<String> lines = assertOneLine(build(uid, context("FROM " + aci + "\nADD --checksum="
          + wrong + " " + url + " /f\n"), "example.com/bad"), "line 2: ADD " + url
          + ": the download's checksum is sha256:", ", not the --checksum " + wrong
          + "; nothing was written");
      assertThat(lines).hasSize(1);
      assertThat(snapshot(uid)).isEqualTo(before);
    } finally {
      server.stop(0);
    }
  }

  @ParameterizedTest(name = "uid {0}")
  @ValueSource(strings = {ROOT, NOBODY})
  void badInput_aSecretFileThatIsMissing(String uid) throws Exception {
    String before = snapshot(uid);
    List<String> lines = assertOneLine(build(uid, context("FROM " + aci + "\nRUN true\n"),
        "example.com/bad", "--secret", "id=tok,src=" + tmp.resolve("no-such-file")),
        "--secret id=tok: " + tmp.resolve("no-such-file") + " is not a readable file");
    assertThat(lines).hasSize(1);
    assertThat(snapshot(uid)).isEqualTo(before);
  }
}
