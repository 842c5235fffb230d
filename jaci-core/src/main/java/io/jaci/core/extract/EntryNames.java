package io.jaci.core.extract;

import io.jaci.core.JaciException;

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
    if (raw.startsWith("/")) {
      throw leaves(what, "absolute name");
    }
    if (raw.indexOf('\0') >= 0) {
      throw leaves(what, "NUL byte in the name");
    }
    StringBuilder clean = new StringBuilder(raw.length());
    int start = 0;
    while (start <= raw.length()) {
      int slash = raw.indexOf('/', start);
      int end = slash < 0 ? raw.length() : slash;
      int len = end - start;
      if (len == 2 && raw.charAt(start) == '.' && raw.charAt(start + 1) == '.') {
        throw leaves(what, null);
      }
      if (len > 0 && !(len == 1 && raw.charAt(start) == '.')) {
        if (clean.length() > 0) {
          clean.append('/');
        }
        clean.append(raw, start, end);
      }
      start = end + 1;
    }
    return clean.toString();
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
