package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several jaci processes import the same and different images into one store and remove
 * some at once: none may fail, and the store must end consistent with the expected images.
 */
class StoreConcurrencyIT {
  private static final int WORKERS = 5;

  @TempDir
  Path tmp;

  @Test
  void concurrentImportsAndRemovesNeitherFailNorCorrupt() throws Exception {
    Path store = tmp.resolve("store");
    Path shared = StoreImagesForIt.aci(tmp, "example.com/shared", 6, 100);
    Path churn = StoreImagesForIt.aci(tmp, "example.com/churn", 6, 101);
    List<Path> own = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      own.add(StoreImagesForIt.aci(tmp, "example.com/own" + i, 2, 200 + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      int worker = w;
      runs.add(CompletableFuture.runAsync(() -> {
        jaci(store, "image", "import", shared);
        String mine = jaci(store, "image", "import", own.get(worker)).trim();
        jaci(store, "image", "import", churn);
        if (worker == 0) {
          // the only remover of the churn image, while the others import it
          jaci(store, "image", "rm", "example.com/churn");
        }
        jaci(store, "image", "list");
        jaci(store, "image", "rm", mine);
        jaci(store, "image", "import", shared);
        if (worker % 2 == 0) {
          jaci(store, "image", "import", own.get(worker));
        }
      }, pool));
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    pool.shutdown();

    List<String> names = StoreImagesForIt.assertConsistent(store).stream()
        .map(i -> i.manifest().name().value()).toList();
    assertThat(names).contains("example.com/shared", "example.com/own0", "example.com/own2",
        "example.com/own4").doesNotContain("example.com/own1", "example.com/own3");
    assertThat(names).doesNotHaveDuplicates();
  }

  private static String jaci(Path store, Object... args) {
    Object[] all = new Object[args.length + 2];
    all[0] = "--store";
    all[1] = store;
    System.arraycopy(args, 0, all, 2, args.length);
    return JaciJar.run(store.getParent(), all).assertSuccess().out();
  }
}
