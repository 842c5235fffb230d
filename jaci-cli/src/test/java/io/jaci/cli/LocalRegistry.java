package io.jaci.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real {@code docker-registry} (distribution 2.x) serving plain HTTP on 127.0.0.1, its
 * storage in a temporary directory, optionally with htpasswd or token authentication.
 */
final class LocalRegistry implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private LocalRegistry(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Without authentication. */
  static LocalRegistry start(Path dir) {
    return start(dir, "");
  }

  /**
   * Starts the registry with {@code authYaml}, the {@code auth:} section of its configuration
   * (or empty), and waits until it answers.
   */
  static LocalRegistry start(Path dir, String authYaml) {
    String binary = ExternalTool.require("docker-registry").toString();
    try {
      Files.createDirectories(dir);
      int port = freePort();
      Path config = dir.resolve("config.yml");
      Files.writeString(config, "version: 0.1\n"
          + "log:\n  level: warn\n"
          + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data") + "\n"
          + "  delete:\n    enabled: true\n"
          + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: jaci-test-secret\n"
          + authYaml);
      Path log = dir.resolve("registry.log");
      Process p = new ProcessBuilder(binary, "serve", config.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      LocalRegistry r = new LocalRegistry(p, port, log);
      r.awaitReady();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT}. */
  String host() {
    return "127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  private void awaitReady() throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("docker-registry exited " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        client.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
            HttpResponse.BodyHandlers.discarding());
        return; // any answer, 200 or 401, means it serves
      } catch (IOException e) {
        sleep();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    close();
    fail("docker-registry did not answer on " + host() + " in 20 s: " + Files.readString(log));
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
