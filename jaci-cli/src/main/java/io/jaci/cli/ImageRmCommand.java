package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.render.DependentImages;
import io.jaci.core.spec.ImageId;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true,
    description = {"Remove images from the store; prints the ID of each one removed.",
        "Refuses, removing nothing, when other stored images depend on them (by ID, or by "
            + "name and labels that no other image matches), unless --force."})
final class ImageRmCommand implements Callable<Integer> {
  /** How many dependents a refusal names. */
  private static final int NAMED = 5;

  @CommandLine.ParentCommand
  ImageCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "REF",
      description = "An image ID (sha512- and at least 12 hex digits) or an app string"
          + " (name[:version][,label=value...]).")
  List<String> refs;

  @Option(names = "--force",
      description = "Remove them even if other images depend on them (those can then no"
          + " longer be rendered).")
  boolean force;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, parent.main);
    try (ImageStore store = parent.openStore()) {
      // resolve all first: a typo in the last REF removes nothing
      List<StoredImage> images = new ArrayList<>();
      Set<ImageId> ids = new LinkedHashSet<>();
      for (String ref : refs) {
        StoredImage image = store.resolve(ref);
        images.add(image);
        ids.add(image.id());
      }
      List<StoredImage> dependents = DependentImages.brokenByRemoving(store, ids);
      if (!dependents.isEmpty() && !force) {
        throw new JaciException("not removing " + describe(images) + ": "
            + describe(dependents) + " depend" + (dependents.size() == 1 ? "s" : "")
            + " on " + (images.size() == 1 ? "it" : "them")
            + " (remove those too, or use --force)");
      }
      for (StoredImage image : images) {
        store.remove(image.id());
        console.out().println(image.id());
      }
      console.out().flush();
      if (!dependents.isEmpty()) {
        console.warn(describe(dependents) + " can no longer be rendered");
      }
    }
    return 0;
  }

  /** The first few images, then how many more. */
  private static String describe(List<StoredImage> images) {
    List<String> names = new ArrayList<>();
    for (StoredImage image : images.subList(0, Math.min(NAMED, images.size()))) {
      names.add(image.describe());
    }
    return String.join(", ", names) + (images.size() > NAMED
        ? " and " + (images.size() - NAMED) + " more image(s)" : "");
  }
}
