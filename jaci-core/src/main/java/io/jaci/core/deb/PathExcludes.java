package io.jaci.core.deb;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * dpkg-style {@code path-exclude} globs over absolute paths: {@code *} matches any run of
 * characters including {@code /} (fnmatch without FNM_PATHNAME, as dpkg matches), {@code ?}
 * one character, {@code [...]} a class. {@code /usr/share/doc/*} drops everything below
 * that directory but keeps the directory itself.
 */
public final class PathExcludes {
  private final List<Pattern> patterns;
  private final List<String> globs;

  private PathExcludes(List<String> globs, List<Pattern> patterns) {
    this.globs = List.copyOf(globs);
    this.patterns = List.copyOf(patterns);
  }

  /**
   * @throws IllegalArgumentException for a glob that is not absolute
   */
  public static PathExcludes of(List<String> globs) {
    List<Pattern> ps = new ArrayList<>();
    for (String g : globs) {
      if (!g.startsWith("/")) {
        throw new IllegalArgumentException("--exclude " + g + ": expected an absolute path "
            + "glob such as /usr/share/doc/*");
      }
      ps.add(Pattern.compile(toRegex(g)));
    }
    return new PathExcludes(globs, ps);
  }

  private static String toRegex(String glob) {
    StringBuilder r = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        r.append(".*");
      } else if (c == '?') {
        r.append('.');
      } else if (c == '[') {
        int end = glob.indexOf(']', i + 2);
        if (end < 0) {
          r.append("\\[");
        } else {
          String body = glob.substring(i + 1, end);
          r.append('[').append(body.startsWith("!") ? "^" + quoteClass(body.substring(1))
              : quoteClass(body)).append(']');
          i = end;
        }
      } else {
        r.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return r.toString();
  }

  private static String quoteClass(String s) {
    return s.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&");
  }

  /** Whether {@code path} (absolute, e.g. {@code /usr/share/doc/x}) is excluded. */
  public boolean excludes(String path) {
    for (Pattern p : patterns) {
      if (p.matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }

  /** The globs as given. */
  public List<String> globs() {
    return globs;
  }
}
