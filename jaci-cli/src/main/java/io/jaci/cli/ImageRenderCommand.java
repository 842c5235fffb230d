package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.Timing;
import io.jaci.core.render.ImageRenderer;
import io.jaci.core.render.RenderResult;
import io.jaci.core.render.StoreImages;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
    description = {"Render an image with all its dependencies into DIR, per the appc spec: "
        + "DIR/manifest and DIR/rootfs (or DIR is the rootfs with --rootfs-only).",
        "DIR must be missing or empty; it appears complete or not at all. The rendered tree is "
            + "cached, so rendering it again is a copy."})
final class ImageRenderCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  ImageCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF",
      description = "An image ID (or unique prefix), an app string, or an ACI file.")
  String ref;

  @Parameters(index = "1", paramLabel = "DIR")
  Path target;

  @Option(names = "--rootfs-only", description = "Make DIR the rootfs itself.")
  boolean rootfsOnly;

  @Option(names = "--no-cache", description = "Neither use nor fill the tree cache.")
  boolean noCache;

  @Override
  public Integer call() throws JaciException {
    Console console = new Console(spec, parent.main);
    Timing.mark("started");
    try (ImageStore store = parent.openStore()) {
      StoredImage image = ImageRefs.resolveOrImport(store, ref, console.progress());
      Timing.mark("store open, image found");
      ImageRenderer renderer = ImageRenderer.of(StoreImages.of(store)).progress(console.progress())
          .warnings(console::warn);
      if (!noCache) {
        renderer.treeCache(ImageCommand.treeCache(store));
      }
      RenderResult r = renderer.render(image.id(), target, rootfsOnly);
      Timing.mark("rendered");
      r.notRestored().forEach(n -> console.warn("not restored: " + n));
    }
    return 0;
  }
}
