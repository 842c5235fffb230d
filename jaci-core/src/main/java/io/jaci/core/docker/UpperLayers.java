package io.jaci.core.docker;

import io.jaci.core.tar.EntryPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the layers above hide of a lower layer, for squashing layers top-down: a path is
 * hidden when an upper layer
 * <ul>
 *   <li>has an entry at the same path (the upper one wins; a directory takes the upper
 *       directory's metadata),
 *   <li>whited it, or a directory above it, out ({@code .wh.NAME}),
 *   <li>made a directory above it opaque ({@code .wh..wh..opq}),
 *   <li>put a non-directory at it or above it (which replaced the lower subtree),
 *   <li>needs a directory where it is a non-directory (an upper file below that path).
 * </ul>
 * What a layer declares applies to the layers below it only: call {@link #endLayer()} after
 * each layer.
 */
final class UpperLayers {
  private final Set<String> gone = new HashSet<>();
  private final Set<String> opaque = new HashSet<>();
  private final Set<String> kept = new HashSet<>();
  private final Set<String> dirs = new HashSet<>();
  private final List<String> layerGone = new ArrayList<>();
  private final List<String> layerOpaque = new ArrayList<>();
  private final Set<String> layerKept = new HashSet<>();
  private final Set<String> layerDirs = new HashSet<>();

  /** Whether the entry at {@code path} of the current layer is hidden from the result. */
  boolean hides(String path, boolean directory) {
    if (kept.contains(path) || layerKept.contains(path) || gone.contains(path)) {
      return true; // an in-layer duplicate keeps its first entry
    }
    if (!directory && dirs.contains(path)) {
      return true;
    }
    if (opaque.contains("")) {
      return true;
    }
    for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      String ancestor = path.substring(0, slash);
      if (gone.contains(ancestor) || opaque.contains(ancestor)) {
        return true;
      }
    }
    return false;
  }

  /** The current layer has an entry at {@code path}, kept or not. */
  void seen(String path, boolean directory) {
    if (!directory) {
      layerGone.add(path);
    }
  }

  /** The entry at {@code path} is kept: it and its parent directories exist from now on. */
  void keep(String path, boolean directory) {
    layerKept.add(path);
    if (directory) {
      layerDirs.add(path);
    }
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      layerDirs.add(path.substring(0, slash));
    }
  }

  /** The current layer has a whiteout. */
  void whiteout(EntryPath.Whiteout w) {
    if (w.opaque()) {
      layerOpaque.add(w.path());
    } else if (w.path() != null) {
      layerGone.add(w.path());
    }
  }

  /** The current layer is over: what it declared now applies to the layers below. */
  void endLayer() {
    gone.addAll(layerGone);
    opaque.addAll(layerOpaque);
    kept.addAll(layerKept);
    dirs.addAll(layerDirs);
    layerGone.clear();
    layerOpaque.clear();
    layerKept.clear();
    layerDirs.clear();
  }
}
