package io.jaci.core.docker;

import io.jaci.core.JaciException;

/**
 * Names in layer tars: cleaned to paths relative to the image root, with whiteouts told
 * apart. A name that could leave the root ({@code ..}, absolute, NUL) is an error: Docker
 * and OCI tools never write one, so it is a damaged or hostile layer.
 */
final class LayerPaths {
  static final String WHITEOUT_PREFIX = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";

  /** What a whiteout entry means. */
  record Whiteout(String path, boolean opaque) {}

  private LayerPaths() {}

  /**
   * The clean relative form of {@code raw}: no {@code ./} or empty components, no trailing
   * slash; "" for the root.
   *
   * @param what names the entry, e.g. {@code layer sha256:...: entry "../x"}
   */
  static String clean(String raw, String what) throws JaciException {
    if (raw.startsWith("/")) {
      throw new JaciException(what + ": an absolute name; a layer names files relative to"
          + " the image root, so this layer is damaged or hostile (nothing was written)");
    }
    if (raw.indexOf('\0') >= 0) {
      throw new JaciException(what + ": a NUL byte in the name (nothing was written)");
    }
    StringBuilder b = new StringBuilder(raw.length());
    for (String part : raw.split("/")) {
      if (part.equals("..")) {
        throw new JaciException(what + ": the name leaves the image root with \"..\"; the"
            + " layer is damaged or hostile (nothing was written)");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        if (b.length() > 0) {
          b.append('/');
        }
        b.append(part);
      }
    }
    return b.toString();
  }

  /**
   * The whiteout a clean path stands for, or null if it is an ordinary file. Other
   * {@code .wh..wh.} names (aufs bookkeeping such as {@code .wh..wh.plnk}) are whiteouts of
   * nothing: {@code new Whiteout(null, false)}.
   */
  static Whiteout whiteout(String path, String what) throws JaciException {
    int slash = path.lastIndexOf('/');
    String base = path.substring(slash + 1);
    if (!base.startsWith(WHITEOUT_PREFIX)) {
      return null;
    }
    String dir = slash < 0 ? "" : path.substring(0, slash);
    if (base.equals(OPAQUE)) {
      return new Whiteout(dir, true);
    }
    if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
      return new Whiteout(null, false);
    }
    String name = base.substring(WHITEOUT_PREFIX.length());
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new JaciException(what + ": a whiteout of \"" + name + "\", which names no file");
    }
    return new Whiteout(dir.isEmpty() ? name : dir + "/" + name, false);
  }

  /** Whether {@code path} is {@code ancestor} or below it ("" is the root, above all). */
  static boolean isWithin(String path, String ancestor) {
    return ancestor.isEmpty() || path.equals(ancestor)
        || path.startsWith(ancestor) && path.charAt(ancestor.length()) == '/';
  }
}
