package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Import an ACI (plain, gzip, bzip2 or xz) into the store.",
        "Prints its full image ID; importing an image twice changes nothing."})
final class ImageImportCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  ImageCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "An ACI file, or - for standard input.")
  String file;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, parent.main);
    try (ImageStore store = parent.openStore()) {
      StoredImage image = file.equals("-")
          ? store.importAci(System.in, console.progress())
          : store.importAci(Path.of(file), console.progress());
      console.out().println(image.id());
      console.out().flush();
    }
    return 0;
  }
}
