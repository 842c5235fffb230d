package io.jaci.core.deb;

import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream[-revision]}, ordered as dpkg orders
 * them: epochs numerically, then upstream and revision alternately comparing non-digit runs
 * (letters before everything else, {@code ~} before even the end) and digit runs as numbers.
 *
 * @param epoch the epoch, 0 when not written
 * @param upstream the upstream version
 * @param revision the Debian revision, empty when not written
 */
public record DebianVersion(long epoch, String upstream, String revision)
    implements Comparable<DebianVersion> {

  public DebianVersion {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(revision, "revision");
  }

  /**
   * Parses a version as it appears in a control file.
   *
   * @throws IllegalArgumentException naming the text and the problem
   */
  public static DebianVersion parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("invalid Debian version \"" + text + "\": empty");
    }
    long epoch = 0;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      String e = s.substring(0, colon);
      if (e.isEmpty() || !e.chars().allMatch(Character::isDigit) || e.length() > 9) {
        throw new IllegalArgumentException("invalid Debian version \"" + text
            + "\": the epoch must be a number");
      }
      epoch = Long.parseLong(e);
      s = s.substring(colon + 1);
    }
    int dash = s.lastIndexOf('-');
    String upstream = dash < 0 ? s : s.substring(0, dash);
    String revision = dash < 0 ? "" : s.substring(dash + 1);
    if (upstream.isEmpty()) {
      throw new IllegalArgumentException("invalid Debian version \"" + text
          + "\": empty upstream version");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 0x80) && ".+-~:_".indexOf(c) < 0) {
        throw new IllegalArgumentException("invalid Debian version \"" + text
            + "\": character '" + c + "' is not allowed");
      }
    }
    return new DebianVersion(epoch, upstream, revision);
  }

  @Override
  public int compareTo(DebianVersion o) {
    int c = Long.compare(epoch, o.epoch);
    if (c != 0) {
      return c;
    }
    c = compareFragment(upstream, o.upstream);
    return c != 0 ? c : compareFragment(revision, o.revision);
  }

  /** dpkg's verrevcmp. */
  static int compareFragment(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !isDigit(a.charAt(i)))
          || (j < b.length() && !isDigit(b.charAt(j)))) {
        int ac = i < a.length() ? order(a.charAt(i)) : 0;
        int bc = j < b.length() ? order(b.charAt(j)) : 0;
        if (ac != bc) {
          return Integer.compare(ac, bc);
        }
        i++;
        j++;
      }
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      while (i < a.length() && isDigit(a.charAt(i)) && j < b.length() && isDigit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < a.length() && isDigit(a.charAt(i))) {
        return 1;
      }
      if (j < b.length() && isDigit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return Integer.signum(firstDiff);
      }
    }
    return 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Where a non-digit character sorts: ~ first, then the end, then letters, then the rest. */
  private static int order(char c) {
    if (isDigit(c)) {
      return 0;
    }
    if (Character.isLetter(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c + 256;
  }

  @Override
  public String toString() {
    return (epoch != 0 ? epoch + ":" : "") + upstream + (revision.isEmpty() ? "" : "-" + revision);
  }
}
