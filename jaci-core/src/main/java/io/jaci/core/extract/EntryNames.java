package io.jaci.core.extract;

import io.jaci.core.JaciException;
import io.jaci.core.tar.EntryPath;

/**
 * Turns tar entry names into paths relative to the extraction target. A name that could
 * leave the target ({@code ..}, absolute, NUL byte) is an error, never silently fixed.
 */
public final class EntryNames {
  static final String ROOTFS = "rootfs";

  private EntryNames() {}

  /**
   * The clean form of {@code raw}: {@code .} and empty components dropped, components joined
   * by {@code /}; the empty string for the archive root ({@code ./}).
   *
   * @param what what the name is, to start the message, e.g. {@code entry "../x"}
   */
  public static String clean(String raw, String what) throws JaciException {
    try {
      return EntryPath.clean(raw);
    } catch (EntryPath.UnsafeNameException e) {
      throw leaves(what, switch (e.problem()) {
        case ABSOLUTE -> "absolute name";
        case NUL_BYTE -> "NUL byte in the name";
        case DOT_DOT -> null;
      });
    }
  }

  /**
   * The path below {@code rootfs} of a clean ACI name: empty for {@code rootfs} itself, null
   * for names outside it ({@code manifest}).
   */
  public static String belowRootfs(String clean) {
    if (clean.equals(ROOTFS)) {
      return "";
    }
    if (clean.startsWith(ROOTFS + "/")) {
      return clean.substring(ROOTFS.length() + 1);
    }
    return null;
  }

  static String quote(String name) {
    return "\"" + name.replace("\0", "\\0") + "\"";
  }

  private static JaciException leaves(String what, String detail) {
    return new JaciException(what + ": leaves the target"
        + (detail == null ? "" : " (" + detail + ")"));
  }
}
