package io.jaci.core.docker;

import io.jaci.core.JaciException;
import io.jaci.core.tar.EntryPath;

/**
 * Names in layer tars by the rules of {@link EntryPath}, refused in the words of a layer: a
 * name that could leave the root ({@code ..}, absolute, NUL) is an error, since Docker and OCI
 * tools never write one, so it is a damaged or hostile layer.
 */
final class LayerPaths {
  private LayerPaths() {}

  /**
   * The clean relative form of {@code raw}: no {@code ./} or empty components, no trailing
   * slash; "" for the root.
   *
   * @param what names the entry, e.g. {@code layer sha256:...: entry "../x"}
   */
  static String clean(String raw, String what) throws JaciException {
    try {
      return EntryPath.clean(raw);
    } catch (EntryPath.UnsafeNameException e) {
      throw new JaciException(what + switch (e.problem()) {
        case ABSOLUTE -> ": an absolute name; a layer names files relative to the image root,"
            + " so this layer is damaged or hostile (nothing was written)";
        case NUL_BYTE -> ": a NUL byte in the name (nothing was written)";
        // DOT_DOT, the only other problem that clean() finds
        default -> ": the name leaves the image root with \"..\"; the layer is damaged or"
            + " hostile (nothing was written)";
      });
    }
  }

  /**
   * The whiteout a clean path stands for, or null if it is an ordinary file (see
   * {@link EntryPath#whiteout}).
   */
  static EntryPath.Whiteout whiteout(String path, String what) throws JaciException {
    try {
      return EntryPath.whiteout(path);
    } catch (EntryPath.UnsafeNameException e) {
      throw new JaciException(what + ": a " + e.getMessage());
    }
  }
}
