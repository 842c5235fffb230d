package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.dockerfile.DockerfileBuild;
import io.jaci.core.io.IoMessages;
import io.jaci.core.render.DependentImages;
import io.jaci.core.render.TreeCache;
import io.jaci.core.run.PodDirectory;
import io.jaci.core.run.Pods;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.GcReport;
import io.jaci.core.store.ImageStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gc", mixinStandardHelpOptions = true,
    description = {"Remove images not used within the grace period, and leftovers of",
        "interrupted imports. Prints the ID of each image removed."})
final class ImageGcCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  ImageCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--grace-period", paramLabel = "DURATION", defaultValue = "24h",
      description = "Keep images used within this time, like 90s, 30m, 24h, 7d"
          + " (default: ${DEFAULT-VALUE}).")
  String gracePeriod;

  @Option(names = "--cache-mounts",
      description = "Also remove the directories of Dockerfile RUN --mount=type=cache that no"
          + " build uses now, whatever their age (the next build starts them empty).")
  boolean cacheMounts;

  /**
   * Cached trees unused within the grace period, or made of images no longer stored, except
   * those that running pods use as their lower layers.
   */
  private static TreeCache.Removed gcTrees(ImageStore store, Duration grace)
      throws JaciException {
    java.util.Set<java.nio.file.Path> inUse =
        Pods.of(PodDirectory.podsOf(store.root())).treesInUse();
    try {
      return new TreeCache(store.treesDirectory()).gc(id -> {
        try {
          return store.get(id).isPresent();
        } catch (JaciException e) {
          return true; // when in doubt, keep
        }
      }, grace, inUse);
    } catch (java.io.IOException e) {
      throw new JaciException("cleaning the tree cache: " + IoMessages.describe(e), e);
    }
  }

  @Override
  public Integer call() throws JaciException {
    Duration grace = Options.duration(spec, "--grace-period", gracePeriod);
    Console console = new Console(spec, parent.main);
    try (ImageStore store = parent.openStore()) {
      // an old image that a recently used one depends on stays
      GcReport report = store.gc(grace, recent -> DependentImages.neededBy(store, recent));
      for (ImageId id : report.removedImages()) {
        console.out().println(id);
      }
      TreeCache.Removed trees = gcTrees(store, grace);
      String mounts = cacheMounts
          ? DockerfileBuild.removeUnusedCacheMounts(store) + " cache mount(s), " : "";
      console.remark(report.removedImages().size() + " image(s), " + report.removedBlobs()
          + " unreferenced blob(s), " + report.removedTempFiles() + " temporary file(s), "
          + mounts + trees.entries() + " cached tree(s) removed, "
          + Sizes.human(report.freedBytes() + trees.bytes()) + " freed");
      console.out().flush();
    }
    return 0;
  }
}
