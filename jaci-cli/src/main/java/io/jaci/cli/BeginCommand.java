package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.diff.Begin;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.StoreImages;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "begin", mixinStandardHelpOptions = true,
    description = {"Begin a new image over BASE: render BASE with its dependencies into "
        + "DIR/rootfs, write DIR/manifest depending on BASE, and record what was laid down in "
        + "DIR/.jaci/. Change the tree, then 'jaci build DIR OUT.aci' writes only what changed.",
        "DIR must be missing or empty. Without root, owners and device nodes that cannot be "
            + "laid down are kept in the record and come back in the built image."})
final class BeginCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Main main;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BASE",
      description = "An image ID (or unique prefix), an app string, or an ACI file.")
  String base;

  @Parameters(index = "1", paramLabel = "DIR")
  Path dir;

  @Option(names = "--name", paramLabel = "NAME[:VERSION][,LABEL=VALUE...]",
      description = "The new image's name (default: the base's), optionally with its version "
          + "label and other labels.")
  String name;

  @Option(names = "--label", paramLabel = "NAME=VALUE",
      description = "Set a label of the new image (repeatable; the others are the base's).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, main);
    ImageNaming naming = ImageNaming.parse(spec, name, labels);
    try (ImageStore store = main.openStore()) {
      StoredImage image = ImageRefs.resolveOrImport(store, base, console.progress());
      StoreImages source = StoreImages.of(store);
      ImageRenderer renderer = ImageRenderer.of(source)
          .treeCache(ImageCommand.treeCache(store)).progress(console.progress())
          .warnings(console::warn);
      Begin begin = Begin.from(source, renderer).name(naming.name());
      naming.labels().forEach(l -> begin.label(l.name().value(), l.value()));
      Begin.Result r = begin.into(image.id(), dir);
      r.notLaidDown().forEach(n -> console.remark("kept in the record, not on disk: " + n));
      console.remark(dir + ": begun over " + image.describe() + " (" + r.paths()
          + " paths recorded); change rootfs/ and manifest, then: jaci build " + dir
          + " OUT.aci");
    }
    return 0;
  }
}
