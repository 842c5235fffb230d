package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.spec.ManifestJson;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cat-manifest", mixinStandardHelpOptions = true,
    description = "Print the manifest of a stored image, as it was imported.")
final class ImageCatManifestCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  ImageCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"--pretty", "--pretty-print"},
      description = "Print it in canonical field order, indented.")
  boolean pretty;

  @Parameters(paramLabel = "REF", description = "An image ID or an app string.")
  String ref;

  @Override
  public Integer call() throws JaciException {
    try (ImageStore store = parent.openStore()) {
      StoredImage image = store.resolve(ref);
      byte[] manifest = pretty ? ManifestJson.writePretty(image.manifest())
          : store.rawManifest(image.id());
      new Console(spec, parent.main).printText(manifest);
    }
    return 0;
  }
}
