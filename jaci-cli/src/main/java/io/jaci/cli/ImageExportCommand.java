package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.aci.AciBuildResult;
import io.jaci.core.render.ImageExporter;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write a stored image to an ACI file: as stored (same image ID), or with "
        + "--squash flattened with its dependencies into one image without dependencies.",
        "Prints the image ID of the file written."})
final class ImageExportCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  ImageCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF",
      description = "An image ID (or unique prefix) or an app string.")
  String ref;

  @Parameters(index = "1", paramLabel = "OUT.aci")
  Path output;

  @Option(names = "--squash", description = "Flatten the image and its dependencies into one.")
  boolean squash;

  @Option(names = "--compression", paramLabel = "gzip|bzip2|xz|none", defaultValue = "gzip",
      description = "Compression of the ACI (default: ${DEFAULT-VALUE}).")
  String compression;

  @Option(names = "--overwrite", description = "Replace OUT.aci if it exists.")
  boolean overwrite;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, parent.main);
    try (ImageStore store = parent.openStore()) {
      StoredImage image = store.resolve(ref);
      StoreImages source = StoreImages.of(store);
      ImageRenderer renderer = ImageRenderer.of(source)
          .treeCache(ImageCommand.treeCache(store)).progress(console.progress())
          .warnings(console::warn);
      ImageExporter exporter = ImageExporter.of(source, renderer)
          .compression(Options.aciCompression(spec, compression)).overwrite(overwrite);
      AciBuildResult r = squash ? exporter.exportSquashed(image.id(), output)
          : exporter.exportAsStored(image.id(), output);
      r.warnings().forEach(console::warn);
      console.out().println(r.imageId());
    }
    return 0;
  }
}
