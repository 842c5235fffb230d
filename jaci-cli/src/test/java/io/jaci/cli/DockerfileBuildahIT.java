package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The differential test of issue 12: the Dockerfiles under {@code
 * src/test/resources/dockerfile-buildah/} built by {@code jaci dockerfile} and by Debian's
 * {@code buildah bud --isolation chroot --storage-driver vfs --format docker} (a private root,
 * runroot and TMPDIR, so that its cache mounts start empty), FROM the same local busybox image
 * ({@code oci:} layout). buildah's image is pushed to an {@code oci:} layout and unpacked by
 * {@code umoci unpack}, jaci's rendered by {@code jaci image render}: the trees must be equal
 * (type, mode, owner, size, content, symlink target, hard-link partners, user xattrs; not
 * times). buildah's image pushed to a {@code docker-archive:} (which keeps its Docker config;
 * an {@code oci:} push drops Healthcheck, OnBuild and Shell) and converted by {@code jaci
 * convert} must have jaci's app (exec, user, group, working directory, environment, ports,
 * mount points, user labels) and the entrypoint/cmd/author annotations, and the annotations of
 * what appc has no field for (STOPSIGNAL, HEALTHCHECK, SHELL, ONBUILD); these are also
 * compared with buildah's Docker config ({@code buildah inspect}).
 *
 * <p>Together the three Dockerfiles use: multi-stage builds with {@code --target} (a stage
 * after the target and one the target does not need both fail if built; the stages case is
 * also built with {@code --target builder}, whose image keeps its ONBUILD triggers), {@code
 * FROM} an
 * earlier stage, {@code COPY --from}, {@code ONBUILD} triggers (RUN and ENV), ARG before FROM
 * and in a stage, ENV (several per line, one naming another), USER (name, name:group) with
 * WORKDIR (relative, created for the user, with {@code ..} and {@code .}) and RUN as that user,
 * EXPOSE (tcp, udp, a range), VOLUME (word and JSON forms), LABEL (quoted, expanded),
 * STOPSIGNAL, ENTRYPOINT and CMD (exec and shell forms), MAINTAINER, SHELL, HEALTHCHECK; RUN
 * {@code --mount=type=cache}, {@code type=bind} (context, and {@code from=} a stage),
 * {@code type=tmpfs}; here-documents ({@code RUN <<EOF}, {@code <<-} with a command, {@code
 * COPY <<EOF} with expansion); {@code .dockerignore} with {@code **}, {@code !} exceptions,
 * comments; COPY to {@code .}, to a file name, several sources to a directory, a directory
 * with and without a trailing slash, globs ({@code *}, {@code ?}), the whole context, a
 * symlink source, into an existing directory, {@code --chown} (name:group, name alone, number
 * alone), {@code --chmod} (file, directory); ADD of plain, gzip, xz and bzip2 tars (owners,
 * hard and symbolic links, modes), of a plain file, and COPY of a tar (not extracted).
 *
 * <p>Intended differences, each applied to buildah's side before comparing:
 *
 * <ul>
 *   <li>buildah commits empty {@code /etc/hosts}, {@code /etc/hostname}, {@code
 *       /etc/resolv.conf} and empty {@code /proc}, {@code /sys}, {@code /dev}, {@code /run}
 *       directories, and an {@code io.buildah.version} label (issue 12: not differences).
 *   <li>buildah 1.28 has no here-documents: its side builds {@code Dockerfile.buildah}, the
 *       same steps without them (the run case).
 *   <li>buildah keeps the empty parent directories it made for a RUN mount's target
 *       ({@code /mnt} of {@code /mnt/data}); BuildKit's mount-stub cleaner removes them, and so
 *       does jaci.
 *   <li>buildah keeps a WORKDIR as written ({@code /opt/../srv/./x}); BuildKit cleans it
 *       ({@code /srv/x}), and so does jaci.
 *   <li>buildah writes a shell-form ENTRYPOINT with {@code /bin/sh -c} whatever SHELL says;
 *       the reference uses the SHELL ({@code /bin/sh -ec}), and so does jaci.
 *   <li>buildah moves a variable that ENV sets again to the end of the environment; BuildKit
 *       replaces it in place, and so does jaci: environments compare as maps. Ports, mount
 *       points and labels come from maps of the Docker config: compared in name order.
 *   <li>{@code jaci convert} adds the provenance annotations of a converted image
 *       (repository, image ID, tag, created).
 *   <li>A RUN's supplementary groups are compared as sets ({@code id -G}, sorted: buildah
 *       lists the primary group last, BuildKit and jaci first), as root and as a USER that
 *       /etc/group lists in two groups; the stages case only (as root).
 *   <li>{@code COPY --parents} and {@code --exclude}: buildah 1.28 has neither (jaci's
 *       DockerfileIT and CopyPlanTest cover them).
 * </ul>
 *
 * <p>As nobody (rootless: buildah with nobody's subordinate IDs, jaci through its rootless
 * runner) the copy and run cases are compared; the stages case is not yet: its RUN as USER
 * writes into the WORKDIR made for that user, which a rootless jaci build lays down as root's
 * (the owners of rootless steps are issue 12's h12-pg work).
 */
class DockerfileBuildahIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> APPLETS = List.of("sh", "cat", "echo", "id", "ls", "mkdir",
      "chmod", "ln", "cp", "pwd", "tr", "sort");

  @TempDir
  static Path tmp;
  static String base;

  @BeforeAll
  static void busyboxBase() throws IOException {
    AsNobody.requireRoot("DockerfileBuildahIT runs buildah and jaci as root and as nobody");
    for (String tool : List.of("buildah", "umoci", "runc", "tar", "gzip", "xz", "bzip2")) {
      ExternalTool.require(tool);
    }
    run(tmp, "chmod", "755", tmp.toString());
    Path tree = BusyboxTree.make(tmp.resolve("tree"), APPLETS);
    Files.writeString(tree.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
        + "user:x:1000:1000::/home/user:/bin/sh\nuser2:x:1001:50::/home/user2:/bin/sh\n");
    Files.writeString(tree.resolve("etc/group"), "root:x:0:\nuser:x:1000:\nstaff:x:50:user\n"
        + "other:x:60:root,user\n");
    Path aci = tmp.resolve("busybox.aci");
    Path store = tmp.resolve("setup-store");
    JaciJar.run(tmp, "--store", store, "from-rootfs", tree, aci, "--name",
        "example.com/busybox").assertSuccess();
    Path layout = tmp.resolve("base");
    JaciJar.run(tmp, "--store", store, "convert", aci, "oci:" + layout + ":latest")
        .assertSuccess();
    base = "oci:" + layout + ":latest";
    run(tmp, "chmod", "-R", "a+rX", tmp.toString());
  }

  private static ProcessRun run(Path dir, String... cmd) {
    return ProcessRun.run(dir, cmd).assertSuccess();
  }

  /** Runs {@code cmd} (as nobody when rootless) in {@code work} with a private HOME/TMPDIR. */
  private static ProcessRun as(boolean rootless, Path work, List<String> cmd) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", work.toString());
    env.put("TMPDIR", work.resolve("tmp").toString());
    env.put("XDG_RUNTIME_DIR", work.resolve("xdg").toString());
    return ProcessRun.run(work, env, rootless ? AsNobody.command(cmd) : cmd);
  }

  @ParameterizedTest(name = "{0} rootless={1}")
  @CsvSource({"stages,false", "copy,false", "run,false", "copy,true", "run,true"})
  void sameTreeAndConfigAsBuildah(String name, boolean rootless) throws Exception {
    Path work = tmp.resolve(name + "-" + rootless);
    Files.createDirectories(work.resolve("tmp"));
    Files.createDirectories(work.resolve("xdg"));
    Path ctx = context(name, work.resolve("ctx"));
    run(tmp, "chmod", "-R", "a+rX", work.toString());
    run(tmp, "chmod", "700", work.resolve("xdg").toString());
    if (rootless) {
      run(tmp, "chown", "-R", AsNobody.UID + ":" + AsNobody.UID, work.toString());
    }
    if (name.equals("stages")) {
      compare(name, rootless, work, ctx, "final");
      // the builder stage keeps its ONBUILD triggers; its build hits both tools' caches
      compare(name, rootless, work, ctx, "builder");
    } else {
      compare(name, rootless, work, ctx, null);
    }
  }

  private void compare(String name, boolean rootless, Path work, Path ctx, String target)
      throws IOException {
    List<String> extra = target == null ? List.of() : List.of("--target", target);
    String tag = target == null ? name : name + "-" + target;
    List<String> buildah = List.of("buildah", "--root", work.resolve("broot").toString(),
        "--runroot", work.resolve("brunroot").toString(), "--storage-driver", "vfs");
    List<String> bud = new ArrayList<>(buildah);
    Path buildahFile = Files.exists(ctx.resolve("Dockerfile.buildah"))
        ? ctx.resolve("Dockerfile.buildah") : ctx.resolve("Dockerfile");
    // --ulimit: buildah's default raises the open-files limit, which this machine refuses
    bud.addAll(List.of("bud", "--isolation", "chroot", "--format", "docker", "--ulimit",
        "nofile=1024:1024", "--build-arg", "BASE=" + base, "-t", tag, "-f",
        buildahFile.toString()));
    bud.addAll(extra);
    bud.add(ctx.toString());
    as(rootless, work, bud).assertSuccess();
    List<String> push = new ArrayList<>(buildah);
    push.addAll(List.of("push", tag, "oci:" + work.resolve("boci") + ":" + tag));
    as(rootless, work, push).assertSuccess();
    Path archive = work.resolve("buildah-" + tag + ".tar");
    List<String> pushArchive = new ArrayList<>(buildah);
    pushArchive.addAll(List.of("push", tag, "docker-archive:" + archive + ":" + tag));
    as(rootless, work, pushArchive).assertSuccess();
    List<String> inspect = new ArrayList<>(buildah);
    inspect.addAll(List.of("inspect", "--type", "image", tag));
    JsonNode dockerConfig = JSON.readTree(as(rootless, work, inspect).assertSuccess().out())
        .path("Docker").path("config");

    Path store = work.resolve("store");
    List<Object> dockerfile = new ArrayList<>(List.of("--store", store, "dockerfile",
        "--build-arg", "BASE=" + base, "-t", "example.com/" + tag));
    dockerfile.addAll(extra);
    dockerfile.add(ctx);
    List<String> jaciCmd = JaciJar.command(dockerfile.toArray());
    ProcessRun built = as(rootless, work, jaciCmd).assertSuccess();
    String[] lines = built.out().strip().split("\n");
    String id = lines[lines.length - 1];

    // read back as root: umoci and jaci then give every owner as the images hold it
    Path unpacked = work.resolve("buildah-unpacked-" + tag);
    run(work, "umoci", "unpack", "--image", work.resolve("boci") + ":" + tag,
        unpacked.toString());
    Path rendered = work.resolve("jaci-rendered-" + tag);
    JaciJar.run(work, "--store", store, "image", "render", "--no-cache", id, rendered)
        .assertSuccess();
    Map<String, String> theirs = comparable(TreeDescription.of(unpacked.resolve("rootfs"), true));
    Map<String, String> ours = comparable(TreeDescription.of(rendered.resolve("rootfs"), true));
    buildahOnly(name, theirs);
    assertThat(ours).as("the case's own files are there").containsKeys(switch (name) {
      case "stages" -> "builder".equals(target) ? new String[] {"opt/app/sub/groups.txt"}
          : new String[] {"copied/hard", "opt/app/sub/onbuild.txt", "srv/x", "root-groups.txt"};
      case "copy" -> new String[] {"tars/plain/d/hard", "owned-user-only", "whole/link"};
      default -> new String[] {"hd/copied.txt", "hd/tabs.txt", "from-stage.txt"};
    });
    assertThat(differences(theirs, ours)).as("buildah's tree (<) against jaci's (>)").isEmpty();

    Path converted = work.resolve("buildah-" + tag + ".aci");
    JaciJar.run(work, "--store", work.resolve("convert-store"), "convert",
        "docker-archive:" + archive, converted).assertSuccess();
    JsonNode buildahManifest = JSON.readTree(
        JaciJar.run(work, "manifest", "cat", converted).assertSuccess().out());
    JsonNode jaciManifest = JSON.readTree(JaciJar.run(work, "--store", store, "image",
        "cat-manifest", id).assertSuccess().out());
    compareConfig(name, buildahManifest, jaciManifest, dockerConfig);
    if ("builder".equals(target)) {
      assertThat(dockerConfig.path("OnBuild")).as("buildah's ONBUILD triggers").hasSize(2);
    }
  }

  /** The description without times (buildah's and jaci's are of different builds). */
  private static Map<String, String> comparable(Map<String, String> description) {
    Map<String, String> out = new TreeMap<>();
    description.forEach((k, v) -> out.put(k, v.replaceAll(" mtime=-?\\d+", "")));
    return out;
  }

  /** Removes what buildah adds that is no difference (see the class comment). */
  private static void buildahOnly(String name, Map<String, String> theirs) {
    for (String file : List.of("etc/hosts", "etc/hostname", "etc/resolv.conf")) {
      String d = theirs.get(file);
      if (d != null && d.contains(" size=0 ")) {
        theirs.remove(file);
      }
    }
    Set<String> emptyDirs = new TreeSet<>(List.of("proc", "sys", "dev", "run"));
    if (name.equals("run")) {
      emptyDirs.add("mnt"); // the parent of a bind mount's target
    }
    for (String dir : emptyDirs) {
      boolean empty = theirs.keySet().stream().noneMatch(k -> k.startsWith(dir + "/"));
      if (empty && theirs.getOrDefault(dir, "").startsWith("dir ")) {
        theirs.remove(dir);
      }
    }
  }

  private static List<String> differences(Map<String, String> theirs, Map<String, String> ours) {
    List<String> out = new ArrayList<>();
    Set<String> all = new TreeSet<>(theirs.keySet());
    all.addAll(ours.keySet());
    for (String p : all) {
      String a = theirs.get(p);
      String b = ours.get(p);
      if (a == null || !a.equals(b)) {
        out.add(p + "\n   < " + a + "\n   > " + b);
      }
    }
    return out;
  }

  private static void compareConfig(String name, JsonNode buildah, JsonNode jaci,
      JsonNode dockerConfig) {
    ObjectNode theirs = normalApp(buildah.path("app"));
    ObjectNode ours = normalApp(jaci.path("app"));
    Map<String, String> theirAnnotations = annotations(buildah);
    Map<String, String> ourAnnotations = annotations(jaci);
    // buildah keeps WORKDIR as written; BuildKit (and jaci) clean it
    if (theirs.has("workingDirectory")) {
      theirs.put("workingDirectory",
          Path.of(theirs.path("workingDirectory").asText()).normalize().toString());
    }
    if (name.equals("run")) {
      // buildah: a shell-form ENTRYPOINT with /bin/sh -c; the reference: with the SHELL
      ArrayNode exec = theirs.putArray("exec");
      List.of("/bin/sh", "-ec", "echo entry").forEach(exec::add);
      theirAnnotations.put("appc.io/docker/entrypoint", "[\"/bin/sh\",\"-ec\",\"echo entry\"]");
    }
    assertThat(ours).as("the app").isEqualTo(theirs);
    for (String a : List.of("appc.io/docker/entrypoint", "appc.io/docker/cmd", "author",
        "appc.io/docker/stopsignal", "appc.io/docker/healthcheck", "appc.io/docker/shell",
        "appc.io/docker/onbuild")) {
      assertThat(ourAnnotations.get(a)).as(a).isEqualTo(theirAnnotations.get(a));
    }
    assertThat(ourAnnotations.get("appc.io/docker/stopsignal")).as("STOPSIGNAL")
        .isEqualTo(dockerConfig.path("StopSignal").textValue());
    assertThat(json(ourAnnotations.get("appc.io/docker/healthcheck"))).as("HEALTHCHECK")
        .isEqualTo(dockerConfig.path("Healthcheck").isObject()
            ? dockerConfig.path("Healthcheck") : null);
    assertThat(json(ourAnnotations.get("appc.io/docker/shell"))).as("SHELL")
        .isEqualTo(dockerConfig.path("Shell").isArray() ? dockerConfig.path("Shell") : null);
    JsonNode onbuild = json(ourAnnotations.get("appc.io/docker/onbuild"));
    assertThat(onbuild == null ? JSON.createArrayNode() : onbuild).as("ONBUILD")
        .isEqualTo(dockerConfig.path("OnBuild").isArray() ? dockerConfig.path("OnBuild")
            : JSON.createArrayNode());
  }

  private static JsonNode json(String text) {
    try {
      return text == null ? null : JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(text, e);
    }
  }

  private static Map<String, String> annotations(JsonNode manifest) {
    Map<String, String> out = new TreeMap<>();
    manifest.path("annotations").forEach(a -> out.put(a.path("name").asText(),
        a.path("value").asText()));
    return out;
  }

  /** The app with maps for what Docker keeps in maps, and without buildah's own label. */
  private static ObjectNode normalApp(JsonNode app) {
    ObjectNode out = app.deepCopy();
    ObjectNode env = JSON.createObjectNode();
    new TreeMap<String, String>(toMap(app.path("environment"), "value"))
        .forEach(env::put);
    out.set("environment", env);
    for (String list : List.of("ports", "mountPoints")) {
      List<JsonNode> items = new ArrayList<>();
      app.path(list).forEach(items::add);
      items.sort((x, y) -> x.path("name").asText().compareTo(y.path("name").asText()));
      out.putArray(list).addAll(items);
    }
    ObjectNode labels = out.has("userLabels") ? (ObjectNode) out.get("userLabels")
        : out.putObject("userLabels");
    labels.remove("io.buildah.version");
    return out;
  }

  private static Map<String, String> toMap(JsonNode array, String valueField) {
    Map<String, String> m = new TreeMap<>();
    array.forEach(e -> m.put(e.path("name").asText(), e.path(valueField).asText()));
    return m;
  }

  /** The case's context: its resource directory, and for "copy" files made here. */
  private static Path context(String name, Path ctx) throws IOException, URISyntaxException {
    Path from = Path.of(DockerfileBuildahIT.class.getResource("/dockerfile-buildah/" + name)
        .toURI());
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path to = ctx.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    if (name.equals("copy")) {
      copyContext(ctx);
    }
    return ctx;
  }

  private static void copyContext(Path ctx) throws IOException {
    Map<String, String> files = new TreeMap<>(Map.of("a.txt", "a\n", "b.txt", "b\n",
        "dir/x.txt", "x\n", "dir/sub/y.txt", "y\n", "dir/sub/z.log", "z\n",
        "keep/important.log", "important\n", "keep/other.log", "other\n",
        "secret.key", "secret\n", "docs/a/b/draft1.md", "draft\n", "docs/a/final.md", "final\n"));
    files.put("script.sh", "#!/bin/sh\necho hi\n");
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.createDirectories(ctx.resolve(f.getKey()).getParent());
      Files.writeString(ctx.resolve(f.getKey()), f.getValue());
    }
    Files.createLink(ctx.resolve("dir/x-hard"), ctx.resolve("dir/x.txt"));
    Files.createSymbolicLink(ctx.resolve("link"), Path.of("a.txt"));
    run(ctx, "chmod", "755", "script.sh");
    run(ctx, "chmod", "700", "dir/sub");
    Path t = Files.createDirectories(ctx.resolve("../tartree/d"));
    Files.writeString(t.resolve("t.txt"), "in a tar\n");
    Files.createSymbolicLink(t.resolve("sym"), Path.of("t.txt"));
    Files.createLink(t.resolve("hard"), t.resolve("t.txt"));
    Files.writeString(t.resolve("../private"), "private\n");
    Path tree = t.getParent();
    run(tree, "chmod", "600", "private");
    run(tree, "tar", "--owner=1234", "--group=5678", "-cf", ctx.resolve("plain.tar").toString(),
        ".");
    run(tree, "tar", "--owner=0", "--group=0", "-czf", ctx.resolve("files.tar.gz").toString(),
        "d");
    run(tree, "tar", "-cJf", ctx.resolve("files.tar.xz").toString(), "d", "private");
    run(tree, "tar", "-cjf", ctx.resolve("files.tar.bz2").toString(), "d");
  }
}
