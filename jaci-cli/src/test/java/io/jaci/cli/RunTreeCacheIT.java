package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, "Rootfs without copying" and the tree cache's life beside pods, as root and as
 * nobody: the copy fallback where overlayfs cannot be used (forced with JACI_RUN_COPY=1)
 * works, is said once and never writes the cache; {@code jaci image gc} keeps the cached tree
 * that a running pod uses as its lower layer, and frees it once the pod has ended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunTreeCacheIT {
  Path tmp;
  Path aci;

  @BeforeAll
  void makeImage(@TempDir Path dir) throws IOException {
    tmp = dir;
    AsNobody.requireRoot("RunTreeCacheIT runs as root and switches to nobody");
    ExternalTool.require("runc");
    Path tree = BusyboxTree.make(tmp.resolve("tree"),
        List.of("sh", "cat", "echo", "ls", "sleep", "rm"));
    Files.writeString(tree.resolve("etc/motd"), "from the image\n");
    aci = tmp.resolve("cache.aci");
    JaciJar.run(tmp, "from-rootfs", tree, aci, "--name", "example.com/cachebox", "--exec",
        "/bin/sh").assertSuccess();
    ProcessRun.run(tmp, "chmod", "-R", "a+rX", tmp.toString()).assertSuccess();
  }

  private Path store(boolean rootless) throws IOException {
    Path s = Files.createTempDirectory(tmp, "store-");
    if (rootless) {
      ProcessRun.run(tmp, "chown", AsNobody.UID, s.toString()).assertSuccess();
    }
    return s;
  }

  private static List<String> command(boolean rootless, Path store, Object... args) {
    List<Object> all = new ArrayList<>(List.of("--store", store));
    all.addAll(List.of(args));
    return rootless ? AsNobody.jaci(all.toArray()) : JaciJar.command(all.toArray());
  }

  /** Every file of the store's cached trees with its size, mtime, mode and owner. */
  private String trees(Path store) {
    return ProcessRun.run(tmp, "sh", "-c", "cd " + store + "/trees && find . -path '*/rootfs*' "
        + "-printf '%p %s %T@ %m %U\\n' | sort").assertSuccess().out();
  }

  private static List<Path> treeEntries(Path store) throws IOException {
    try (Stream<Path> s = Files.list(store.resolve("trees"))) {
      return s.filter(p -> Files.isDirectory(p.resolve("rootfs"))).toList();
    }
  }

  @ParameterizedTest(name = "rootless={0}")
  @ValueSource(booleans = {false, true})
  void copyFallback_works_isSaidOnce_andNeverWritesTheCache(boolean rootless)
      throws IOException {
    Path store = store(rootless);
    assertThat(ProcessRun.run(tmp, Map.of(), command(rootless, store, "run", aci, "--", "-c",
        "true")).exit()).isZero();
    String before = trees(store);
    ProcessRun r = ProcessRun.run(tmp, Map.of("JACI_RUN_COPY", "1"), command(rootless, store,
        "run", aci, "--name", "a", "--", "-c", "echo a > /bin/new; rm /etc/motd; echo a", "---",
        aci, "--name", "b", "--", "-c", "sleep 0.5; cat /etc/motd; ls /bin/new"));
    assertThat(r.exit()).as(r.describe()).isEqualTo(1); // b's ls: a's changes are a's own
    assertThat(r.out().lines()).as(r.describe())
        .containsExactlyInAnyOrder("a", "from the image"); // the apps run side by side
    assertThat(r.stderr().lines().filter(l -> l.contains("copying the image tree")))
        .as(r.describe()).containsExactly("jaci: warning: JACI_RUN_COPY=1 is set: copying the "
            + "image tree for each app instead (slower, uses disk)");
    assertThat(trees(store)).isEqualTo(before);
    // a copy, not an overlay: the app's writes are in its rootfs directory on the host too
    try (Stream<Path> pods = Files.list(store.resolve("pods"))) {
      Path pod = pods.filter(p -> Files.exists(p.resolve("apps/a/rootfs/bin/new"))).findFirst()
          .orElseThrow(() -> new AssertionError("no pod with a copied rootfs holding /bin/new"));
      assertThat(pod.resolve("apps/a/rootfs/etc/motd")).doesNotExist();
      assertThat(pod.resolve("apps/b/rootfs/etc/motd")).exists();
    }
  }

  @ParameterizedTest(name = "rootless={0}")
  @ValueSource(booleans = {false, true})
  void imageGc_keepsTheTreeOfARunningPod_andFreesItAfterThePodEnds(boolean rootless)
      throws Exception {
    Path store = store(rootless);
    Process pod = new ProcessBuilder(command(rootless, store, "run", aci, "--", "-c",
        "echo ready; read line; cat /etc/motd; ls /bin/busybox"))
        .redirectError(tmp.resolve("pod-" + rootless + ".err").toFile()).start();
    try {
      assertThat(new String(pod.getInputStream().readNBytes(6), StandardCharsets.UTF_8))
          .as(Files.readString(tmp.resolve("pod-" + rootless + ".err"))).isEqualTo("ready\n");
      List<Path> entries = treeEntries(store);
      assertThat(entries).hasSize(1);
      ProcessRun gc = ProcessRun.run(tmp, Map.of(), command(rootless, store, "image", "gc",
          "--grace-period", "0s"));
      assertThat(gc.exit()).as(gc.describe()).isZero();
      assertThat(gc.stderr()).contains("0 cached tree(s) removed");
      assertThat(treeEntries(store)).isEqualTo(entries);
      try (OutputStream in = pod.getOutputStream()) {
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
      String rest = new String(pod.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(pod.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(rest).isEqualTo("from the image\n/bin/busybox\n");
      assertThat(pod.exitValue()).isZero();
    } finally {
      pod.destroyForcibly();
    }
    ProcessRun after = ProcessRun.run(tmp, Map.of(), command(rootless, store, "image", "gc",
        "--grace-period", "0s"));
    assertThat(after.exit()).as(after.describe()).isZero();
    assertThat(after.stderr()).contains("1 cached tree(s) removed");
    assertThat(treeEntries(store)).isEmpty();
  }
}
