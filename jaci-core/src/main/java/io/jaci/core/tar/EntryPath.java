package io.jaci.core.tar;

/**
 * The clean form of a tar entry name: {@code ./a//b/./c/} is {@code a/b/c}, {@code ./} is the
 * empty string (the archive's root). A name that could leave the directory it is extracted
 * into has no clean form.
 */
public final class EntryPath {
  private EntryPath() {}

  /** Why a name has no clean form. */
  public enum Problem {
    ABSOLUTE,
    NUL_BYTE,
    DOT_DOT
  }

  /** Thrown for a name that would leave its directory; {@link #problem()} says how. */
  public static final class UnsafeNameException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    UnsafeNameException(Problem problem, String name) {
      super(name);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

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
}
