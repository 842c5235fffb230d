package io.jaci.core.io;

import io.jaci.core.ProgressListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports every byte read to a {@link ProgressListener}. */
public final class ProgressInputStream extends FilterInputStream {
  private final ProgressListener progress;

  public ProgressInputStream(InputStream in, ProgressListener progress) {
    super(in);
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      progress.advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      progress.advance(n);
    }
    return n;
  }
}
