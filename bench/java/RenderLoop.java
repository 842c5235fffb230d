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
 * cache). Prints one line per timed round: "cp-a SECONDS first SECONDS cached SECONDS
 * cached/cp-a RATIO", the ratio of the round's own two times (the machine's speed drifts
 * between rounds: see render-bench.sh).
 *
 * <p>After the warm-up round come WARMUP more cached renders, untimed (default 0): the
 * cached render's per-file code reaches the JIT's optimizing compiler only after some tens of
 * thousands of files (on the ~200 MB tree, 0.16 s in the first 15 renders, 0.10 s from the
 * 20th on), and a long-running process that renders again and again runs that code.
 *
 * <p>Nothing is deleted until the last round is timed: each round writes under OUT/roundN
 * (the warm-up renders under OUT/warmup) and moves the last round's tree cache aside, so that
 * no timed command meets freshly freed inodes (see render-bench.sh), and each timed step
 * starts after a sync; OUT is deleted at the end.
 *
 * <p>With {@code recycle}, each round's trees (and each warm-up render) are deleted once
 * timed instead: for tmpfs, where a deletion leaves nothing behind that slows the next
 * command, and where keeping every tree would fill memory (on this machine new pages then
 * cost what the host makes them cost: see render-bench.sh).
 *
 * <p>usage: java -cp jaci.jar:DIR RenderLoop STORE ID TREE OUT ROUNDS [WARMUP [recycle]]
 */
public final class RenderLoop {
  public static void main(String[] args) throws Exception {
    Path storeRoot = Path.of(args[0]);
    ImageId id = ImageId.parse(args[1]);
    Path tree = Path.of(args[2]);
    Path out = Path.of(args[3]);
    int rounds = Integer.parseInt(args[4]);
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    boolean recycle = args.length > 6 && args[6].equals("recycle");
    try (ImageStore store = ImageStore.open(storeRoot)) {
      for (int round = 0; round <= rounds; round++) {
        Path o = out.resolve("round" + round);
        Files.createDirectories(o);
        if (Files.exists(store.treesDirectory())) {
          Files.move(store.treesDirectory(), o.resolve("old-trees")); // aside, not deleted
        }
        sync();
        long t0 = System.nanoTime();
        Process cp = new ProcessBuilder(List.of("cp", "-a", tree.toString(),
            o.resolve("cp").toString())).inheritIO().start();
        if (cp.waitFor() != 0) {
          throw new IOException("cp -a failed");
        }
        long t0b = System.nanoTime(); // before the sync: that writes out cp's copy, untimed
        ImageRenderer r = ImageRenderer.of(StoreImages.of(store))
            .treeCache(new TreeCache(store.treesDirectory()));
        sync();
        long t1 = System.nanoTime();
        r.render(id, o.resolve("first"), true);
        long t2 = System.nanoTime();
        sync();
        long t2b = System.nanoTime();
        r.render(id, o.resolve("cached"), true);
        long t3 = System.nanoTime();
        if (round == 0) {
          Files.createDirectories(out.resolve("warmup"));
          for (int i = 0; i < warmup; i++) {
            Path w = out.resolve("warmup").resolve(Integer.toString(i));
            r.render(id, w, true);
            if (recycle) {
              deleteTree(w);
            }
          }
        } else {
          System.out.printf("cp-a %.3f first %.3f cached %.3f cached/cp-a %.2f%n",
              (t0b - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2b) / 1e9,
              (double) (t3 - t2b) / (t0b - t0));
        }
        if (recycle) {
          deleteTree(o);
        }
      }
      deleteTree(out);
    }
  }

  /** Writes out what is dirty (untimed), so that no timed step waits for another's pages. */
  private static void sync() throws IOException, InterruptedException {
    new ProcessBuilder("sync").inheritIO().start().waitFor();
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
