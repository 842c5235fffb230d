package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.render.DependentImages;
import io.jaci.core.render.TreeCache;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import io.jaci.core.store.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Re-hash stored images and check the index against the files.",
        "Prints each problem on a line; exits 1 if any is left unrepaired."})
final class ImageVerifyCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  ImageCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--repair",
      description = "Drop damaged images from the index (import them again) and remove"
          + " leftovers.")
  boolean repair;

  @Parameters(arity = "0..*", paramLabel = "REF", description = "Images to check (default: all).")
  List<String> refs = new ArrayList<>();

  /** Re-hashes every cached tree (content, modes, owners, links; not mtimes). */
  private List<String> verifyTrees(ImageStore store) throws JaciException {
    try {
      return new TreeCache(store.treesDirectory()).verify(repair);
    } catch (java.io.IOException e) {
      throw new JaciException("verifying the tree cache: " + IoMessages.describe(e), e);
    }
  }

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, parent.main);
    try (ImageStore store = parent.openStore()) {
      List<ImageId> ids = new ArrayList<>();
      for (String ref : refs) {
        ids.add(store.resolve(ref).id());
      }
      VerifyReport report = store.verify(ids, repair);
      for (String p : report.problems()) {
        console.out().println(p);
      }
      // after a repair, which may have dropped what others depend on
      List<String> dependencyProblems = unresolvable(store, ids);
      dependencyProblems.forEach(console.out()::println);
      List<String> treeProblems = ids.isEmpty() ? verifyTrees(store) : List.of();
      treeProblems.forEach(console.out()::println);
      for (String n : report.notes()) {
        console.warn(n);
      }
      for (String r : report.repaired()) {
        console.out().println("repaired: " + r);
      }
      if (!parent.main.quiet) {
        console.out().println(report.checkedImages() + " image(s) checked, "
            + (report.problems().size() + dependencyProblems.size() + treeProblems.size())
            + " problem(s)" + (repair ? ", repaired" : "")
            + (repair && !dependencyProblems.isEmpty()
                ? " (missing dependencies cannot be: import them again)" : ""));
      }
      console.out().flush();
      boolean fixed = (report.clean() || repair) && (treeProblems.isEmpty() || repair);
      return fixed && dependencyProblems.isEmpty() ? 0 : Main.EXIT_FAILURE;
    }
  }

  /** A line for each image (of {@code ids}, else all) whose dependencies do not resolve. */
  private static List<String> unresolvable(ImageStore store, List<ImageId> ids)
      throws JaciException {
    List<StoredImage> images = new ArrayList<>();
    if (ids.isEmpty()) {
      images.addAll(store.list());
    } else {
      for (ImageId id : ids) {
        store.get(id).ifPresent(images::add); // gone: a repair dropped it
      }
    }
    List<String> lines = new ArrayList<>();
    for (DependentImages.Unresolvable u : DependentImages.unresolvable(store, images)) {
      lines.add(u.image().describe() + ": cannot be rendered: " + u.reason());
    }
    return lines;
  }
}
