package io.jaci.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small root file system of busybox-static's binary and some of its applets. */
final class BusyboxTree {
  private BusyboxTree() {}

  /** Makes {@code tree} with bin/busybox, links to it for {@code applets}, and etc/. */
  static Path make(Path tree, List<String> applets) throws IOException {
    Files.createDirectories(tree.resolve("bin"));
    Files.createDirectories(tree.resolve("etc"));
    Files.copy(ExternalTool.require("busybox"), tree.resolve("bin/busybox"));
    for (String applet : applets) {
      Files.createSymbolicLink(tree.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    return tree;
  }
}
