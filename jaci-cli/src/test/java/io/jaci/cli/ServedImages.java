package io.jaci.cli;

import io.jaci.core.tar.TarEntryType;
import io.jaci.core.tar.TarHeader;
import io.jaci.core.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Images for the tests of jaci serve and push, and a running {@code jaci serve}. */
final class ServedImages {
  private ServedImages() {}

  /** The manifest of {@code name} at {@code version} for linux/amd64, with {@code extra} JSON. */
  static String manifest(String name, String version, String extraLabels, String extra) {
    return "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"" + name + "\","
        + "\"labels\":[{\"name\":\"version\",\"value\":\"" + version + "\"},"
        + "{\"name\":\"os\",\"value\":\"linux\"},{\"name\":\"arch\",\"value\":\"amd64\"}"
        + extraLabels + "],\"app\":{\"exec\":[\"/bin/data\"],\"user\":\"0\",\"group\":\"0\"}"
        + extra + "}";
  }

  /**
   * A gzip ACI (fast level) with {@code manifest} and a file of {@code dataBytes} random bytes
   * (seeded, so a test can make the same image twice).
   */
  static Path aci(Path file, String manifest, long dataBytes, long seed) throws IOException {
    byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream gz = new GZIPOutputStream(raw, 1 << 16) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        };
        TarWriter tar = new TarWriter(gz)) {
      tar.write(header("manifest", TarEntryType.REGULAR, 0644, m.length),
          new ByteArrayInputStream(m));
      tar.write(header("rootfs", TarEntryType.DIRECTORY, 0755, 0));
      tar.write(header("rootfs/bin", TarEntryType.DIRECTORY, 0755, 0));
      tar.write(header("rootfs/bin/data", TarEntryType.REGULAR, 0755, dataBytes),
          random(dataBytes, seed));
    }
    return file;
  }

  private static TarHeader header(String name, TarEntryType type, int mode, long size) {
    return new TarHeader(name, type, mode, 0, 0, size, 1_700_000_000L, "", 0, 0, null);
  }

  private static InputStream random(long size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new InputStream() {
      long left = size;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i += 8) {
          long v = random.nextLong();
          for (int j = 0; j < 8 && i + j < n; j++) {
            b[off + i + j] = (byte) (v >>> (8 * j));
          }
        }
        left -= n;
        return n;
      }
    };
  }

  /** A free TCP port on 127.0.0.1 (free when asked; a test's server takes it right after). */
  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A {@code jaci serve} process on a free port of 127.0.0.1, stopped by {@link #close}. */
  static final class Server implements AutoCloseable {
    final Process process;
    final int port;
    final Path log;

    private Server(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    /** Starts {@code jaci --store STORE serve --addr 127.0.0.1:PORT OPTIONS...}; waits for it. */
    static Server start(Path dir, Path store, int port, String... options) throws IOException {
      List<Object> args = new ArrayList<>(List.of("--store", store, "serve", "--addr",
          "127.0.0.1:" + port));
      args.addAll(List.of(options));
      return start(dir, java.util.Map.of(), port, args);
    }

    /** Starts jaci with {@code args} and {@code env} added; waits for {@code port}. */
    static Server start(Path dir, java.util.Map<String, String> env, int port, List<Object> args)
        throws IOException {
      return startCommand(dir, env, port, JaciJar.command(args.toArray()));
    }

    /** Starts {@code command} (a jaci serve) with {@code env} added; waits for {@code port}. */
    static Server startCommand(Path dir, java.util.Map<String, String> env, int port,
        List<String> command) throws IOException {
      Path log = Files.createTempFile(dir, "serve", ".log");
      ProcessBuilder pb = new ProcessBuilder(command)
          .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      Server server = new Server(p, port, log);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        if (!p.isAlive()) {
          throw new AssertionError("jaci serve ended: " + server.log());
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
          return server;
        } catch (IOException e) {
          try {
            Thread.sleep(100);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      server.close();
      throw new AssertionError("jaci serve did not listen on " + port + ": " + server.log());
    }

    String url(String path) {
      return "http://127.0.0.1:" + port + path;
    }

    String log() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
