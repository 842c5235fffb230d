package io.jaci.core.aci;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The clean form of an entry name in an ACI: {@code ./rootfs//a/} is {@code rootfs/a}.
 * Names that would leave the image ({@code ..}, absolute) have no clean form.
 */
final class AciEntryName {
  private AciEntryName() {}

  /** Thrown for a name that must not occur in an image. */
  static final class UnsafeNameException extends Exception {
    private static final long serialVersionUID = 1L;

    UnsafeNameException(String message) {
      super(message);
    }
  }

  /**
   * Cleans {@code raw}: drops {@code .} and empty components and a trailing slash. Returns
   * the empty string for the archive root ({@code ./}).
   */
  static String clean(String raw) throws UnsafeNameException {
    if (raw.startsWith("/")) {
      throw new UnsafeNameException("absolute name \"" + raw + "\"");
    }
    if (raw.indexOf('\0') >= 0) {
      throw new UnsafeNameException("name with a NUL byte \"" + raw.replace('\0', '?') + "\"");
    }
    List<String> parts = new ArrayList<>();
    for (String part : raw.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new UnsafeNameException("name with \"..\" \"" + raw + "\"");
      }
      parts.add(part);
    }
    return String.join("/", parts);
  }

  /**
   * What is wrong with the hard link {@code name} (a clean name) to {@code target} (as the
   * archive gives it), given the clean names of the entries before it; null when it is fine.
   * A hard link must point to an earlier entry of the rootfs: never outside the image, to the
   * manifest, to itself or to a file that is not (yet) there.
   */
  static String hardLinkProblem(String name, String target, Set<String> earlier) {
    String clean;
    try {
      clean = clean(target);
    } catch (UnsafeNameException bad) {
      return "entry \"" + name + "\": hard link to " + bad.getMessage();
    }
    if (!clean.startsWith("rootfs/") || clean.equals(name) || !earlier.contains(clean)) {
      return "entry \"" + name + "\": hard link to \"" + target
          + "\", which is not an earlier file of the rootfs";
    }
    return null;
  }
}
