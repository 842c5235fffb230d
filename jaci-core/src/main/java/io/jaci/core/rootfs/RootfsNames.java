package io.jaci.core.rootfs;

import static io.jaci.core.tar.EntryPath.quote;

import io.jaci.core.tar.EntryPath;

/**
 * Turns the entry names of a root file system tarball into paths below the image's
 * {@code rootfs/}: {@code ./etc/passwd}, {@code etc//passwd} and {@code etc/./passwd} are all
 * {@code etc/passwd}; {@code ./} is the root itself (the empty path). When the archive's first
 * named entry is a top-level {@code rootfs} directory (or lies below one), the whole archive is
 * taken to be wrapped in it and {@code rootfs/} is dropped from every name; a later entry
 * outside it is then an error. Names that would leave the root ({@code ..} components,
 * absolute names, NUL bytes) are errors, never silently fixed.
 */
final class RootfsNames {
  private static final String WRAPPER = "rootfs";

  private Boolean wrapped; // null until the first named entry decides

  /** A name that has no place in a root file system; the message says why. */
  static final class BadNameException extends Exception {
    private static final long serialVersionUID = 1L;

    BadNameException(String message) {
      super(message);
    }
  }

  /**
   * The path of an entry's name below the root ({@code ""} for the root), deciding on the
   * first named entry whether the archive is wrapped in a top-level {@code rootfs/}.
   *
   * @param directory whether the entry is a directory (only a directory can be the wrapper)
   */
  String entryPath(String raw, boolean directory) throws BadNameException {
    String clean = clean(raw, "entry");
    if (wrapped == null && !clean.isEmpty()) {
      wrapped = clean.equals(WRAPPER) ? directory : clean.startsWith(WRAPPER + "/");
    }
    return unwrap(clean, raw, "entry");
  }

  /** The path a hard link's target names, by the same rules as entry names. */
  String linkTargetPath(String raw, String entry) throws BadNameException {
    String what = "entry \"" + entry + "\": hard link target";
    return unwrap(clean(raw, what), raw, what);
  }

  private String unwrap(String clean, String raw, String what) throws BadNameException {
    if (wrapped == null || !wrapped || clean.isEmpty()) {
      return clean;
    }
    if (clean.equals(WRAPPER)) {
      return "";
    }
    if (clean.startsWith(WRAPPER + "/")) {
      return clean.substring(WRAPPER.length() + 1);
    }
    throw new BadNameException(what + " " + quote(raw) + " is outside the top-level rootfs/ "
        + "directory that the archive's first entry is in");
  }

  /** {@code raw} without {@code .} and empty components; rejects names that leave the root. */
  static String clean(String raw, String what) throws BadNameException {
    try {
      return EntryPath.clean(raw);
    } catch (EntryPath.UnsafeNameException e) {
      throw new BadNameException(what + " " + quote(raw) + switch (e.problem()) {
        case ABSOLUTE -> " is an absolute name (an image's files are relative to its root)";
        case NUL_BYTE -> " has a NUL byte in its name";
        case DOT_DOT -> " has a \"..\" component, which could leave the root file system";
        case NAMELESS_WHITEOUT -> " is a " + e.problem().phrase(); // clean() does not say it
      });
    }
  }
}
