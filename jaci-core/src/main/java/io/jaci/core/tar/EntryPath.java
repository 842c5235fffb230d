package io.jaci.core.tar;

import io.jaci.core.JaciException;
import java.util.Set;

/**
 * The rules for entry names, in one place for every reader and writer of image tars (ACIs,
 * layers, root file system tarballs, Debian data.tar):
 *
 * <ul>
 *   <li>the clean form: {@code ./a//b/./c/} is {@code a/b/c}, {@code ./} is the empty string
 *       (the archive's root); a name that could leave the directory it is extracted into
 *       (absolute, a NUL byte, a {@code ..} component) has none and is an error, never
 *       silently fixed;
 *   <li>an ACI's files are below {@value #ROOTFS}: {@code rootfs/etc/passwd} is
 *       {@code etc/passwd} of the image;
 *   <li>whiteouts of OCI and Docker layers: {@code dir/.wh.name} removes {@code dir/name},
 *       {@code dir/.wh..wh..opq} makes {@code dir} opaque.
 * </ul>
 *
 * <p>Each caller words the refusal for its user (which archive, what happens now); the
 * {@link Problem} says what the rule found.
 */
public final class EntryPath {
  /** The directory of an ACI that holds the image's files. */
  public static final String ROOTFS = "rootfs";
  /** The prefix of a whiteout's base name. */
  public static final String WHITEOUT_PREFIX = ".wh.";
  /** The base name of an opaque-directory whiteout. */
  public static final String OPAQUE = ".wh..wh..opq";

  private EntryPath() {}

  /** Why a name is refused. */
  public enum Problem {
    ABSOLUTE("absolute name"),
    NUL_BYTE("NUL byte in the name"),
    DOT_DOT("\"..\" component"),
    NAMELESS_WHITEOUT("whiteout that names no file");

    private final String phrase;

    Problem(String phrase) {
      this.phrase = phrase;
    }

    /** A few words for a message, e.g. {@code absolute name}. */
    public String phrase() {
      return phrase;
    }
  }

  /**
   * Thrown for a name that would leave its directory; {@link #problem()} says how, the message
   * says it with the name (e.g. {@code absolute name "/etc/passwd"}).
   */
  public static final class UnsafeNameException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    UnsafeNameException(Problem problem, String name) {
      super(switch (problem) {
        case ABSOLUTE -> "absolute name " + quote(name);
        case NUL_BYTE -> "name with a NUL byte " + quote(name);
        case DOT_DOT -> "name with \"..\" " + quote(name);
        case NAMELESS_WHITEOUT -> "whiteout of " + quote(name) + ", which names no file";
      });
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /** A whiteout: {@code path} is removed, or when {@code opaque} its earlier content. */
  public record Whiteout(String path, boolean opaque) {}

  /** {@code raw} without {@code .} and empty components and without a trailing slash. */
  public static String clean(String raw) throws UnsafeNameException {
    if (raw.startsWith("/")) {
      throw new UnsafeNameException(Problem.ABSOLUTE, raw);
    }
    if (raw.indexOf('\0') >= 0) {
      throw new UnsafeNameException(Problem.NUL_BYTE, raw);
    }
    StringBuilder clean = new StringBuilder(raw.length());
    int start = 0;
    while (start <= raw.length()) {
      int slash = raw.indexOf('/', start);
      int end = slash < 0 ? raw.length() : slash;
      int len = end - start;
      if (len == 2 && raw.charAt(start) == '.' && raw.charAt(start + 1) == '.') {
        throw new UnsafeNameException(Problem.DOT_DOT, raw);
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
   * The clean form of {@code raw}, for extraction: a refusal reads
   * {@code WHAT: leaves the target (absolute name)}.
   *
   * @param what what the name is, to start the message, e.g. {@code entry "../x"}
   */
  public static String clean(String raw, String what) throws JaciException {
    try {
      return clean(raw);
    } catch (UnsafeNameException e) {
      throw new JaciException(what + ": leaves the target"
          + (e.problem() == Problem.DOT_DOT ? "" : " (" + e.problem().phrase() + ")"));
    }
  }

  /**
   * The path below {@value #ROOTFS} of a clean ACI name: empty for {@code rootfs} itself,
   * null for names outside it ({@code manifest}).
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

  /** The ACI name of a path below the root: the inverse of {@link #belowRootfs}. */
  public static String inRootfs(String path) {
    return path.isEmpty() ? ROOTFS : ROOTFS + "/" + path;
  }

  /**
   * What is wrong with the hard link {@code name} (a clean ACI name) to {@code target} (as the
   * archive gives it), given the clean names of the entries before it; null when it is fine.
   * In an ACI a hard link must point to an earlier entry of the rootfs: never outside the
   * image, to the manifest, to itself or to a file that is not (yet) there.
   */
  public static String hardLinkProblem(String name, String target, Set<String> earlier) {
    String clean;
    try {
      clean = clean(target);
    } catch (UnsafeNameException bad) {
      return "entry \"" + name + "\": hard link to " + bad.getMessage();
    }
    if (!clean.startsWith(ROOTFS + "/") || clean.equals(name) || !earlier.contains(clean)) {
      return "entry \"" + name + "\": hard link to \"" + target
          + "\", which is not an earlier file of the rootfs";
    }
    return null;
  }

  /**
   * The whiteout a clean name stands for, or null if it is an ordinary file. Other
   * {@code .wh..wh.} names (aufs bookkeeping such as {@code .wh..wh.plnk}) are whiteouts of
   * nothing: {@code new Whiteout(null, false)}.
   *
   * @throws UnsafeNameException ({@link Problem#NAMELESS_WHITEOUT}) for {@code .wh.},
   *     {@code .wh..} and {@code .wh...}
   */
  public static Whiteout whiteout(String clean) throws UnsafeNameException {
    int slash = clean.lastIndexOf('/');
    String base = clean.substring(slash + 1);
    if (!base.startsWith(WHITEOUT_PREFIX)) {
      return null;
    }
    String dir = slash < 0 ? "" : clean.substring(0, slash);
    if (base.equals(OPAQUE)) {
      return new Whiteout(dir, true);
    }
    if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
      return new Whiteout(null, false);
    }
    String name = base.substring(WHITEOUT_PREFIX.length());
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw new UnsafeNameException(Problem.NAMELESS_WHITEOUT, name);
    }
    return new Whiteout(dir.isEmpty() ? name : dir + "/" + name, false);
  }

  /** The name of the whiteout entry that removes {@code path}: {@code dir/.wh.name}. */
  public static String whiteoutName(String path) {
    int slash = path.lastIndexOf('/');
    return path.substring(0, slash + 1) + WHITEOUT_PREFIX + path.substring(slash + 1);
  }

  /** {@code name} in double quotes, a NUL byte shown as {@code \0}, for messages. */
  public static String quote(String name) {
    return "\"" + name.replace("\0", "\\0") + "\"";
  }
}
