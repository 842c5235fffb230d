package io.jaci.core.rootfs;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * xz data decoded by the {@code xz} program (liblzma) instead of XZ for Java, which decodes
 * about 1.5 times slower: for a large stage3 the decoder is the slowest step. The compressed
 * bytes are fed to it from a thread of ours, so the source may be any stream and its progress
 * is still counted; its failure (non-zero exit) is reported at the end of its output with the
 * first line of what it printed, e.g. {@code xz: (stdin): Compressed data is corrupt}.
 */
final class XzProgram {
  private XzProgram() {}

  /** {@code xz} on PATH, or null. */
  static Path find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = dir.isEmpty() ? null : Path.of(dir, "xz");
      if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** The decompressed stream of the xz data in {@code compressed}, which it closes. */
  static InputStream decompress(Path xz, InputStream compressed) throws IOException {
    // -T0 lets an xz that decodes multi-block files on several threads do so (the 5.4.1 of
    // Debian 12 measured no faster with it)
    Process p = new ProcessBuilder(List.of(xz.toString(), "-d", "-c", "-T0", "-q"))
        .redirectError(ProcessBuilder.Redirect.PIPE).start();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Thread errors = daemon("jaci-xz-stderr", () -> {
      try (InputStream e = p.getErrorStream()) {
        e.transferTo(stderr);
      } catch (IOException ignored) {
        // only the message is lost
      }
    });
    Thread feeder = daemon("jaci-xz-feed", () -> {
      try (InputStream in = compressed; OutputStream to = p.getOutputStream()) {
        in.transferTo(to);
      } catch (IOException ignored) {
        // xz ended early (it found the data damaged and says so) or was stopped by close()
      }
    });
    return new FilterInputStream(p.getInputStream()) {
      private boolean checked;

      @Override
      public int read() throws IOException {
        int b = super.read();
        return b < 0 ? end() : b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        return n < 0 ? end() : n;
      }

      private int end() throws IOException {
        if (!checked) {
          checked = true;
          int exit = waitFor(p);
          join(errors);
          if (exit != 0) {
            String m = new String(stderr.toByteArray(), StandardCharsets.UTF_8).strip();
            m = m.isEmpty() ? "xz exited " + exit : m.lines().findFirst().orElse(m);
            throw m.contains("Unexpected end of input")
                ? new java.io.EOFException(m) : new IOException(m);
          }
        }
        return -1;
      }

      @Override
      public void close() throws IOException {
        p.destroy();
        super.close();
        join(feeder);
      }
    };
  }

  private static Thread daemon(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static int waitFor(Process p) throws IOException {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for xz");
    }
  }

  private static void join(Thread t) {
    try {
      t.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
