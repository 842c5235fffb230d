package io.jaci.core.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads small inputs (keys, signatures) whole, refusing one over a bound. */
final class BoundedBytes {
  private BoundedBytes() {}

  /** All of {@code in}, or an {@link IOException} saying {@code what} is over {@code max}. */
  static byte[] read(InputStream in, int max, String what) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      if (out.size() + n > max) {
        throw new IOException("over " + describe(max) + ", too big for " + what);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  static String describe(int bytes) {
    return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
  }
}
