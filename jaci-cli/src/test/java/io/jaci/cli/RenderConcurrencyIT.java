package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.aci.AciBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several jaci processes import and render the same and different images into one store at
 * once, sharing the tree cache: none may fail, every render of an image must be the same
 * tree as a render without the cache, and the store and its cache must verify clean.
 */
class RenderConcurrencyIT {
  private static final int WORKERS = 4;

  @TempDir
  Path tmp;

  private Path topImage(String name, String base, int files) throws Exception {
    Path layout = tmp.resolve("layout-" + name.replace('/', '_'));
    Path rootfs = Files.createDirectories(layout.resolve("rootfs/app"));
    for (int i = 0; i < files; i++) {
      Files.writeString(rootfs.resolve("f" + i), name + " file " + i + "\n".repeat(i));
    }
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"" + name + "\",\"dependencies\":"
        + "[{\"imageName\":\"" + base + "\"}]}");
    Path aci = tmp.resolve(name.replace('/', '_') + ".aci");
    AciBuilder.fromLayout(layout).build(aci);
    return aci;
  }

  @Test
  void concurrentImportsAndRendersShareTheCacheSafely() throws Exception {
    Path store = tmp.resolve("store");
    Path base = StoreImagesForIt.aci(tmp, "example.com/base", 4, 7);
    List<Path> tops = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      tops.add(topImage("example.com/top" + i, "example.com/base", 50 + i));
    }
    jaci(store, "image", "import", base);
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      int worker = w;
      runs.add(CompletableFuture.runAsync(() -> {
        for (int round = 0; round < 2; round++) {
          Path top = tops.get((worker + round) % tops.size());
          jaci(store, "image", "import", top);
          jaci(store, "image", "render", "--rootfs-only", top,
              tmp.resolve("out-" + worker + "-" + round));
        }
      }, pool));
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    pool.shutdown();

    for (int i = 0; i < tops.size(); i++) {
      Path reference = tmp.resolve("reference-" + i);
      jaci(store, "image", "render", "--no-cache", "--rootfs-only", tops.get(i), reference);
      Map<String, String> expected = describe(reference);
      assertThat(expected).containsKey("/app/f0");
      for (int w = 0; w < WORKERS; w++) {
        for (int round = 0; round < 2; round++) {
          if ((w + round) % tops.size() == i) {
            assertThat(describe(tmp.resolve("out-" + w + "-" + round))).as("worker %d", w)
                .isEqualTo(expected);
          }
        }
      }
    }
    jaci(store, "image", "verify");
    StoreImagesForIt.assertConsistent(store);
    try (Stream<Path> leftovers = Files.list(store.resolve("trees"))) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".part-"));
    }
  }

  /** Every path with its type, mode and content digest (not mtimes). */
  static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        String name = "/" + root.relativize(p);
        Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String what;
        if (Files.isSymbolicLink(p)) {
          what = "link " + Files.readSymbolicLink(p);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          what = "dir";
        } else {
          what = "file " + digest(p);
        }
        tree.put(name, Integer.toOctalString((Integer) mode) + " " + what);
      }
    }
    return tree;
  }

  private static String digest(Path p) throws IOException {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String jaci(Path store, Object... args) {
    Object[] all = new Object[args.length + 2];
    all[0] = "--store";
    all[1] = store;
    System.arraycopy(args, 0, all, 2, args.length);
    return JaciJar.run(store.getParent(), all).assertSuccess().out();
  }
}
