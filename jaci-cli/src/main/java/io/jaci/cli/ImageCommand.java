package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.render.TreeCache;
import io.jaci.core.store.ImageStore;
import picocli.CommandLine.Command;

@Command(name = "image", mixinStandardHelpOptions = true,
    description = "Manage the local image store (--store, $JACI_STORE, else"
        + " $XDG_DATA_HOME/jaci).")
final class ImageCommand {
  @picocli.CommandLine.ParentCommand
  Main main;

  /** The store named by --store, else the default one. */
  ImageStore openStore() throws JaciException {
    return main.openStore();
  }

  /** The store's tree cache, or null (none) when the store is read-only for this user. */
  static TreeCache treeCache(ImageStore store) {
    return store.isReadOnly() ? null : new TreeCache(store.treesDirectory());
  }
}
