package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true,
    description = "Remove images from the store; prints the ID of each one removed.")
final class ImageRmCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  ImageCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "REF",
      description = "An image ID (sha512- and at least 12 hex digits) or an app string"
          + " (name[:version][,label=value...]).")
  List<String> refs;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, parent.main);
    try (ImageStore store = parent.openStore()) {
      // resolve all first: a typo in the last REF removes nothing
      List<StoredImage> images = new java.util.ArrayList<>();
      for (String ref : refs) {
        images.add(store.resolve(ref));
      }
      for (StoredImage image : images) {
        store.remove(image.id());
        console.out().println(image.id());
      }
      console.out().flush();
    }
    return 0;
  }
}
