import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.render.TreeCache;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The in-process part of bench/render-bench.sh: in one JVM, ROUNDS times after a warm-up
 * round, interleaved: {@code cp -a TREE} (a child process), a render of image ID from the
 * store at STORE with the tree cache emptied before (first), and again (cached, from the
 * cache). Prints one line per timed round: "cp-a SECONDS first SECONDS cached SECONDS".
 * With SETTLE (seconds, default 0), each round waits that long after deleting the last
 * round's trees (after a sync), so that no timed command meets freshly freed inodes (see
 * render-bench.sh).
 *
 * <p>usage: java -cp jaci.jar:DIR RenderLoop STORE ID TREE OUT ROUNDS [SETTLE]
 */
public final class RenderLoop {
  public static void main(String[] args) throws Exception {
    Path storeRoot = Path.of(args[0]);
    ImageId id = ImageId.parse(args[1]);
    Path tree = Path.of(args[2]);
    Path out = Path.of(args[3]);
    int rounds = Integer.parseInt(args[4]);
    int settle = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    try (ImageStore store = ImageStore.open(storeRoot)) {
      for (int round = 0; round <= rounds; round++) {
        deleteTree(store.treesDirectory());
        deleteTree(out);
        Files.createDirectories(out);
        if (settle > 0) {
          new ProcessBuilder("sync").inheritIO().start().waitFor();
          Thread.sleep(settle * 1000L);
        }
        long t0 = System.nanoTime();
        Process cp = new ProcessBuilder(List.of("cp", "-a", tree.toString(),
            out.resolve("cp").toString())).inheritIO().start();
        if (cp.waitFor() != 0) {
          throw new IOException("cp -a failed");
        }
        ImageRenderer r = ImageRenderer.of(StoreImages.of(store))
            .treeCache(new TreeCache(store.treesDirectory()));
        long t1 = System.nanoTime();
        r.render(id, out.resolve("first"), true);
        long t2 = System.nanoTime();
        r.render(id, out.resolve("cached"), true);
        long t3 = System.nanoTime();
        if (round > 0) {
          System.out.printf("cp-a %.3f first %.3f cached %.3f%n", (t1 - t0) / 1e9,
              (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        }
      }
      deleteTree(out);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
