package io.jaci.core.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code --chmod} value: an octal mode ({@code 0755}) that replaces the source's, or
 * chmod(1)'s symbolic clauses ({@code u+x,go-w}, {@code a=rX}) applied to it.
 */
public final class FileMode {
  /** No {@code --chmod}: the source's mode stays. */
  public static final FileMode KEEP = new FileMode(-1, List.of());

  private record Clause(int who, char op, String perms) {}

  private final int octal;
  private final List<Clause> clauses;

  private FileMode(int octal, List<Clause> clauses) {
    this.octal = octal;
    this.clauses = List.copyOf(clauses);
  }

  /**
   * Parses a {@code --chmod} value (null: {@link #KEEP}).
   *
   * @throws IllegalArgumentException naming the value and what is wrong
   */
  public static FileMode parse(String value) {
    if (value == null) {
      return KEEP;
    }
    if (value.matches("[0-7]{1,4}")) {
      return new FileMode(Integer.parseInt(value, 8), List.of());
    }
    List<Clause> clauses = new ArrayList<>();
    for (String c : value.split(",", -1)) {
      if (!c.matches("[ugoa]*[-+=][rwxXst]*")) {
        throw new IllegalArgumentException("--chmod=" + value + ": \"" + c + "\" is neither an"
            + " octal mode (0755) nor a symbolic one (u+x,go-w)");
      }
      int i = 0;
      int who = 0;
      for (; "ugoa".indexOf(c.charAt(i)) >= 0; i++) {
        who |= switch (c.charAt(i)) {
          case 'u' -> 04700;
          case 'g' -> 02070;
          case 'o' -> 01007;
          default -> 07777;
        };
      }
      clauses.add(new Clause(who == 0 ? 07777 : who, c.charAt(i), c.substring(i + 1)));
    }
    return new FileMode(-1, clauses);
  }

  /** The mode a file of mode {@code mode} gets ({@code directory}: for {@code X}). */
  public int apply(int mode, boolean directory) {
    if (octal >= 0) {
      return octal;
    }
    if (clauses.isEmpty()) {
      return mode;
    }
    int m = mode & 07777;
    for (Clause c : clauses) {
      int bits = 0;
      for (char p : c.perms().toCharArray()) {
        bits |= switch (p) {
          case 'r' -> 0444;
          case 'w' -> 0222;
          case 'x' -> 0111;
          case 'X' -> directory || (m & 0111) != 0 ? 0111 : 0;
          case 's' -> 06000;
          default -> 01000; // t
        };
      }
      bits &= c.who();
      m = switch (c.op()) {
        case '+' -> m | bits;
        case '-' -> m & ~bits;
        default -> (m & ~c.who()) | bits;
      };
    }
    return m;
  }
}
