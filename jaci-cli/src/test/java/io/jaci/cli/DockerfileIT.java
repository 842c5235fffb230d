package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jaci dockerfile} (issue 12) on a busybox image jaci made itself, as root and as nobody
 * (rootless RUN): the rendered tree, the manifest, a cache hit on rebuild (no RUN runs: the
 * RUN counts its runs in a cache mount), a changed COPY source rebuilding from that step, and
 * the bad input of the issue's list, each one line with exit 1.
 */
class DockerfileIT {
  private static final String NOBODY = AsNobody.UID;

  @TempDir
  static Path tmp;
  static Path aci;

  @BeforeAll
  static void busybox() throws IOException {
    AsNobody.requireRoot("DockerfileIT runs as root and switches to nobody, which needs root");
    ExternalTool.require("runc");
    Path busybox = ExternalTool.require("busybox");
    run("chmod", "755", tmp.toString());
    Path tree = tmp.resolve("tree");
    Files.createDirectories(tree.resolve("bin"));
    Files.createDirectories(tree.resolve("etc"));
    Files.copy(busybox, tree.resolve("bin/busybox"));
    for (String applet : List.of("sh", "cat", "echo", "id", "ls", "wc", "mkdir", "chown",
        "chmod")) {
      Files.createSymbolicLink(tree.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Files.writeString(tree.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/:/bin/sh\n");
    Files.writeString(tree.resolve("etc/group"), "root:x:0:\nuser:x:1000:\n");
    aci = tmp.resolve("busybox.aci");
    JaciJar.run(tmp, "--store", tmp.resolve("setup-store"), "from-rootfs", tree, aci, "--name",
        "example.com/busybox", "--exec", "/bin/busybox").assertSuccess();
    run("chmod", "-R", "a+rX", tmp.toString());
  }

  private static void run(String... cmd) {
    ProcessRun.run(Path.of("/"), cmd).assertSuccess();
  }

  private static ProcessRun jaci(boolean rootless, Path store, Object... args) {
    List<Object> all = new ArrayList<>(List.of("--store", store));
    all.addAll(List.of(args));
    List<String> cmd = rootless ? AsNobody.jaci(all.toArray()) : JaciJar.command(all.toArray());
    return ProcessRun.run(tmp, Map.of(), cmd);
  }

  private static Path dir(boolean rootless, String name) throws IOException {
    Path d = Files.createTempDirectory(tmp, name + "-" + rootless + "-");
    if (rootless) {
      run("chown", NOBODY + ":" + NOBODY, d.toString());
    }
    run("chmod", "755", d.toString());
    return d;
  }

  private static Path context(boolean rootless, String dockerfile) throws IOException {
    Path ctx = dir(rootless, "ctx");
    Files.createDirectories(ctx.resolve("src"));
    Files.writeString(ctx.resolve("src/a.txt"), "first\n");
    Files.writeString(ctx.resolve("src/skip.log"), "left out\n");
    Files.writeString(ctx.resolve(".dockerignore"), "# logs stay out\n**/*.log\n");
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
    run("chmod", "-R", "a+rX", ctx.toString());
    return ctx;
  }

  private static final String DOCKERFILE = String.join("\n",
      "FROM " + "%s" + " AS base",
      "ENV GREETING=hi",
      "WORKDIR /app",
      "COPY src/ ./",
      "RUN --mount=type=cache,target=/cache,id=runs echo run >> /cache/runs \\",
      "    && cat a.txt > copied && echo \"$GREETING\" > greeting",
      "USER user",
      "RUN id -u > /dev/null",
      "CMD [\"cat\", \"greeting\"]",
      "EXPOSE 8080",
      "LABEL org.example.purpose=test",
      "");

  private static String imageId(ProcessRun r) {
    String[] lines = r.out().strip().split("\n");
    String id = lines[lines.length - 1];
    assertThat(id).as(r.describe()).matches("sha512-[0-9a-f]{128}");
    return id;
  }

  private static long runs(Path store) throws IOException {
    try (Stream<Path> s = Files.walk(store.resolve("dockerfile-cache"))) {
      Path counter = s.filter(p -> p.getFileName().toString().equals("runs")).findFirst()
          .orElseThrow();
      return Files.readAllLines(counter).size();
    }
  }

  /**
   * Every path below {@code root}, a file with its size and mtime (a directory's mtime moves
   * with files that come and go, such as the index's journal or a FROM .aci staged to be found
   * in the store).
   */
  private static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p,
            java.nio.file.attribute.BasicFileAttributes.class,
            java.nio.file.LinkOption.NOFOLLOW_LINKS);
        out.put(root.relativize(p).toString(), a.isDirectory() ? "directory"
            : a.size() + " bytes, " + a.lastModifiedTime());
      }
    }
    return out;
  }

  private static Path render(boolean rootless, Path store, String id) throws IOException {
    Path out = dir(rootless, "render").resolve("out");
    jaci(rootless, store, "image", "render", id, out).assertSuccess();
    return out.resolve("rootfs");
  }

  @ParameterizedTest(name = "rootless={0}")
  @ValueSource(booleans = {false, true})
  void build_rebuildHitsTheCache_andAChangedCopySourceRebuildsFromThatStep(boolean rootless)
      throws IOException {
    Path store = dir(rootless, "store");
    Path ctx = context(rootless, DOCKERFILE.formatted(aci));
    ProcessRun first = jaci(rootless, store, "dockerfile", "-t", "example.com/app:1.0", ctx);
    first.assertSuccess();
    String id = imageId(first);
    assertThat(first.stderr()).as("quiet when piped").isEmpty();
    assertThat(runs(store)).isEqualTo(1);

    Path rootfs = render(rootless, store, id);
    assertThat(rootfs.resolve("app/a.txt")).hasContent("first");
    assertThat(rootfs.resolve("app/copied")).hasContent("first");
    assertThat(rootfs.resolve("app/greeting")).hasContent("hi");
    assertThat(rootfs.resolve("app/skip.log")).doesNotExist();
    // the runner's mount points are no part of the image
    for (String p : List.of("dev", "proc", "sys", "cache")) {
      assertThat(rootfs.resolve(p)).as(p).doesNotExist();
    }
    String manifest = jaci(rootless, store, "image", "cat-manifest", id).assertSuccess().out();
    assertThat(manifest).contains("\"name\":\"example.com/app\"",
        "{\"name\":\"version\",\"value\":\"1.0\"}", "\"exec\":[\"cat\",\"greeting\"]",
        "\"user\":\"1000\",\"group\":\"1000\"", "\"workingDirectory\":\"/app\"",
        "{\"name\":\"GREETING\",\"value\":\"hi\"}", "\"name\":\"8080-tcp\"",
        "\"userLabels\":{\"org.example.purpose\":\"test\"}", "\"dependencies\":[{");

    Map<String, String> storeBefore = listing(store);
    ProcessRun again = jaci(rootless, store, "dockerfile", "-t", "example.com/app:1.0", ctx);
    again.assertSuccess();
    assertThat(imageId(again)).isEqualTo(id);
    assertThat(runs(store)).as("no RUN runs on a rebuild with nothing changed").isEqualTo(1);
    // issue 12, Speed: nor does it copy or write anything (no work area, no image, no index
    // row): every file as it was, none new or gone
    Map<String, String> storeAfter = listing(store);
    assertThat(storeAfter.entrySet()).as("new or changed in the store after a rebuild with "
        + "nothing changed").isSubsetOf(storeBefore.entrySet());
    assertThat(storeBefore.keySet()).as("gone").isSubsetOf(storeAfter.keySet());

    Files.writeString(ctx.resolve("src/a.txt"), "second\n");
    ProcessRun changed = jaci(rootless, store, "dockerfile", "-t", "example.com/app:1.0", ctx);
    changed.assertSuccess();
    String changedId = imageId(changed);
    assertThat(changedId).isNotEqualTo(id);
    assertThat(runs(store)).as("the RUN after the changed COPY runs again").isEqualTo(2);
    assertThat(render(rootless, store, changedId).resolve("app/copied")).hasContent("second");

    // a fresh copy of the same context (other times) hits the cache
    Path clone = context(rootless, DOCKERFILE.formatted(aci));
    Files.writeString(clone.resolve("src/a.txt"), "second\n");
    ProcessRun cloned = jaci(rootless, store, "dockerfile", "-t", "example.com/app:1.0", clone);
    assertThat(imageId(cloned)).isEqualTo(changedId);
    assertThat(runs(store)).isEqualTo(2);

    jaci(rootless, store, "dockerfile", "--no-cache", "-t", "example.com/app:1.0", ctx)
        .assertSuccess();
    assertThat(runs(store)).as("--no-cache runs every RUN").isEqualTo(3);
  }

  @ParameterizedTest(name = "rootless={0}")
  @ValueSource(booleans = {false, true})
  void badInput_oneLine_exit1_noImageNamed(boolean rootless) throws IOException {
    Path store = dir(rootless, "store");
    Path failing = context(rootless, "FROM " + aci + "\nRUN echo partial; exit 3\n");
    ProcessRun r = jaci(rootless, store, "dockerfile", "-t", "example.com/failing", failing);
    assertThat(r.exit()).as(r.describe()).isEqualTo(1);
    // one line with the command and exit code, then the last lines of its output (item 1)
    assertThat(r.stderr().strip().split("\n")).containsExactly("jaci: Dockerfile line 2: RUN "
        + "echo partial; exit 3: exit code 3; no image was written; the last lines of its "
        + "output follow", "  | partial");
    assertThat(r.out()).as("the RUN output streamed when piped").isEqualTo("partial\n");
    assertThat(jaci(rootless, store, "image", "list").assertSuccess().out())
        .doesNotContain("example.com/failing");

    Path missingStage = context(rootless, "FROM " + aci + "\nCOPY --from=nowhere /x /y\n");
    ProcessRun stage = jaci(rootless, store, "dockerfile", "-t", "example.com/x", missingStage);
    assertThat(stage.exit()).as(stage.describe()).isEqualTo(1);
    assertThat(stage.stderr().strip()).contains("nowhere").doesNotContain("\n");

    Path missingBase = context(rootless, "FROM example.com/not-there\nRUN true\n");
    ProcessRun base = jaci(rootless, store, "dockerfile", "-t", "example.com/x", missingBase);
    assertThat(base.exit()).as(base.describe()).isEqualTo(1);
    assertThat(base.stderr().strip()).contains("line 1", "example.com/not-there")
        .doesNotContain("\n");

    Path outside = context(rootless, "FROM " + aci + "\nCOPY ../secret /x\n");
    ProcessRun out = jaci(rootless, store, "dockerfile", "-t", "example.com/x", outside);
    assertThat(out.exit()).as(out.describe()).isEqualTo(1);
    assertThat(out.stderr().strip()).contains("outside the build context").doesNotContain("\n");

    ProcessRun secret = jaci(rootless, store, "dockerfile", "-t", "example.com/x", "--secret",
        "id=token,src=" + tmp.resolve("no-such-file"), failing);
    assertThat(secret.exit()).as(secret.describe()).isEqualTo(1);
    assertThat(secret.stderr().strip()).contains("--secret id=token").doesNotContain("\n");
  }

  @ParameterizedTest(name = "rootless={0}")
  @ValueSource(booleans = {false, true})
  void multiStage_copyFrom_onbuild_scratch_addTar_heredoc_squash_andOutput(boolean rootless)
      throws IOException {
    Path store = dir(rootless, "store");
    Path ctx = context(rootless, String.join("\n",
        "FROM " + aci + " AS unused",
        "RUN exit 1", // a stage the target does not need is not built
        "FROM " + aci + " AS builder",
        "RUN mkdir -p /out && echo built > /out/artifact",
        "ONBUILD RUN echo triggered > /triggered",
        "FROM builder AS withtrigger",
        "FROM scratch",
        "COPY --from=builder /out/artifact /artifact",
        "COPY --from=withtrigger /triggered /triggered",
        "COPY --chmod=0600 src/a.txt /data/",
        "COPY --chown=1000:50 src/a.txt /owned.txt",
        "ADD files.tgz /extracted/",
        "COPY <<EOF /heredoc.txt",
        "from a heredoc",
        "EOF",
        "ENTRYPOINT [\"/artifact\"]",
        "STOPSIGNAL SIGTERM",
        "MAINTAINER someone",
        ""));
    Path tree = dir(rootless, "tartree");
    Files.writeString(tree.resolve("h.txt"), "in a tar\n");
    run("tar", "czf", ctx.resolve("files.tgz").toString(), "-C", tree.toString(), "h.txt");
    run("chmod", "a+r", ctx.resolve("files.tgz").toString());
    Path out = dir(rootless, "out").resolve("multi.aci");
    ProcessRun built = jaci(rootless, store, "dockerfile", "-t", "example.com/multi", "--squash",
        "-o", out, ctx);
    built.assertSuccess();
    String id = imageId(built);
    Path rootfs = render(rootless, store, id);
    assertThat(rootfs.resolve("artifact")).hasContent("built");
    assertThat(rootfs.resolve("triggered")).hasContent("triggered");
    assertThat(rootfs.resolve("data/a.txt")).hasContent("first");
    assertThat(Files.getAttribute(rootfs.resolve("data/a.txt"), "unix:mode")).isEqualTo(0100600);
    assertThat(rootfs.resolve("extracted/h.txt")).hasContent("in a tar");
    assertThat(rootfs.resolve("heredoc.txt")).hasContent("from a heredoc");
    assertThat(rootfs.resolve("bin")).as("scratch has no busybox").doesNotExist();
    String manifest = jaci(rootless, store, "image", "cat-manifest", id).assertSuccess().out();
    assertThat(manifest).contains("\"exec\":[\"/artifact\"]",
        "{\"name\":\"appc.io/docker/stopsignal\",\"value\":\"SIGTERM\"}",
        "{\"name\":\"author\",\"value\":\"someone\"}").doesNotContain("dependencies");
    assertThat(out).exists();
    ProcessRun listed = ProcessRun.run(tmp, "tar", "tf", out.toString()).assertSuccess();
    assertThat(listed.out()).contains("manifest", "rootfs/artifact", "rootfs/heredoc.txt");
    // --chown holds in the image also when a normal user builds it (the disk cannot)
    ProcessRun owners = ProcessRun.run(tmp, "tar", "tvnf", out.toString()).assertSuccess();
    assertThat(owners.out().lines().filter(l -> l.endsWith("rootfs/owned.txt")))
        .singleElement().asString().contains(" 1000/50 ");
  }

  /**
   * Issue 12, rootless RUN under a non-root USER: what a RUN writes as another user, or gives
   * away with chown, keeps its in-image owner (and setuid/setgid bits) in the step's image, as
   * when building as root; a later RUN sees the owners of earlier steps (USER user writes into
   * its own 0700 directory) and leaves the files it does not touch out of its own diff.
   */
  @ParameterizedTest(name = "rootless={0}")
  @ValueSource(booleans = {false, true})
  void runUnderAnotherUser_andChown_keepTheOwnersInTheImage(boolean rootless)
      throws IOException {
    Path store = dir(rootless, "store");
    Path ctx = context(rootless, String.join("\n",
        "FROM " + aci,
        "RUN mkdir -p /home/u && chown 1000:1000 /home/u && chmod 2750 /home/u \\",
        "    && echo s > /sgid && chown 0:1000 /sgid && chmod 2755 /sgid",
        "USER user",
        "RUN mkdir /home/u/d && chmod 0700 /home/u/d && echo mine > /home/u/d/f \\",
        "    && chmod 4700 /home/u/d/f",
        "USER root",
        "RUN echo done > /done",
        ""));
    ProcessRun built = jaci(rootless, store, "dockerfile", "-t", "example.com/owners", ctx);
    built.assertSuccess();
    String id = imageId(built);
    // the stored layers, each as written (a squashed export as nobody has the disk's owners)
    Path out = dir(rootless, "out");
    List<Map<String, String>> layers = new ArrayList<>();
    for (String image = id; image != null; ) {
      Path tar = out.resolve(layers.size() + ".aci");
      jaci(rootless, store, "image", "export", image, tar).assertSuccess();
      layers.add(0, tarOwnersAndModes(tar));
      java.util.regex.Matcher dependency = java.util.regex.Pattern
          .compile("\"imageID\"\\s*:\\s*\"(sha512-[0-9a-f]+)\"")
          .matcher(jaci(rootless, store, "image", "cat-manifest", image).assertSuccess().out());
      image = dependency.find() ? dependency.group(1) : null;
    }
    Map<String, String> all = new java.util.TreeMap<>();
    layers.forEach(all::putAll);
    assertThat(all).containsEntry("rootfs/home/u", "drwxr-s--- 1000/1000")
        .containsEntry("rootfs/home/u/d", "drwx------ 1000/1000")
        .containsEntry("rootfs/home/u/d/f", "-rws------ 1000/1000")
        .containsEntry("rootfs/sgid", "-rwxr-sr-x 0/1000")
        .containsEntry("rootfs/done", "-rw-r--r-- 0/0")
        .containsEntry("rootfs/bin/busybox", "-rwxr-xr-x 0/0");
    assertThat(layers.get(layers.size() - 1).keySet())
        .as("the last RUN's own diff").contains("rootfs/done")
        .doesNotContain("rootfs/home/u/d/f", "rootfs/sgid");
  }

  /** Each entry of a tar: its name and {@code MODE UID/GID} as {@code tar tvn} shows them. */
  private static Map<String, String> tarOwnersAndModes(Path tar) {
    Map<String, String> out = new java.util.TreeMap<>();
    ProcessRun r = ProcessRun.run(tmp, "tar", "tvnf", tar.toString()).assertSuccess();
    for (String line : r.out().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 6) {
        out.put(f[f.length - 1].replaceAll("/$", ""), f[0] + " " + f[1]);
      }
    }
    return out;
  }
}
