package io.jaci.core.diff;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The order of {@link io.jaci.core.fs.TreeScanner}: each directory before its children,
 * siblings by the bytes of their UTF-8 names. For clean relative paths that is a byte
 * comparison in which {@code /} sorts before every other byte.
 */
final class PathOrder implements Comparator<String> {
  static final PathOrder INSTANCE = new PathOrder();

  private PathOrder() {}

  @Override
  public int compare(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(x.length, y.length);
    for (int i = 0; i < n; i++) {
      if (x[i] != y[i]) {
        return Integer.compare(rank(x[i]), rank(y[i]));
      }
    }
    return Integer.compare(x.length, y.length);
  }

  private static int rank(byte b) {
    return b == '/' ? -1 : b & 0xff;
  }
}
