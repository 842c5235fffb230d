package io.jaci.core.run;

import io.jaci.core.JaciException;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes a {@link MetadataService} reachable from a pod whose network namespace has no route to
 * the host ({@code --net none}, or a private network without host loopback) at the same URL as
 * on the host, {@link MetadataService#url()}: a {@link MetadataRelay} runs inside the pod's
 * network namespace (entered with nsenter, through the pod's user namespace when it has its
 * own, so this works without root), listens on its loopback at the service's port and passes
 * the connections to the service's Unix socket.
 */
public final class MetadataNamespaceRelay implements Closeable {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  private final Process relay;
  private final Path socket;

  private MetadataNamespaceRelay(Process relay, Path socket) {
    this.relay = relay;
    this.socket = socket;
  }

  /**
   * Starts the relay for {@code service} in the network namespace of process {@code pid}.
   *
   * @param privateDir a directory of the pod only its owner can enter, for the Unix socket
   * @throws JaciException if nsenter is missing or the relay does not start
   */
  public static MetadataNamespaceRelay start(MetadataService service, long pid, Path privateDir)
      throws JaciException {
    Path nsenter = ToolOnPath.require("nsenter", "util-linux", "the metadata service of a pod");
    Path socket = privateDir.resolve("metadata.sock");
    service.listenOnUnixSocket(socket);
    List<String> command = new ArrayList<>(List.of(
        nsenter.toString(), "--target", Long.toString(pid), "--net"));
    if (!sameUserNamespace(pid)) {
      command.addAll(List.of("--user", "--preserve-credentials"));
    }
    command.addAll(List.of("--", javaCommand(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Xmx32m", "-cp", System.getProperty("java.class.path"),
        MetadataRelay.class.getName(), Integer.toString(service.port()), socket.toString()));
    Process process;
    try {
      process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new JaciException("cannot start the metadata relay in pod network of process " + pid
          + ": " + e.getMessage(), e);
    }
    MetadataNamespaceRelay relay = new MetadataNamespaceRelay(process, socket);
    try {
      relay.awaitReady(pid);
      return relay;
    } catch (JaciException e) {
      relay.close();
      throw e;
    }
  }

  /** Stops the relay. */
  @Override
  public void close() {
    try {
      relay.getOutputStream().close(); // the relay exits at EOF on stdin
      if (!relay.waitFor(2, TimeUnit.SECONDS)) {
        relay.destroyForcibly();
      }
    } catch (IOException e) {
      relay.destroyForcibly();
    } catch (InterruptedException e) {
      relay.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // left in the pod's directory, which goes with the pod
    }
  }

  private void awaitReady(long pid) throws JaciException {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return new BufferedReader(new InputStreamReader(relay.getInputStream(),
            StandardCharsets.US_ASCII)).readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String got;
    try {
      got = line.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      got = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      got = null;
    }
    if (!MetadataRelay.READY.equals(got)) {
      throw new JaciException("the metadata relay did not start in the network namespace of"
          + " process " + pid + (relay.isAlive() ? " in time" : " (exit " + exitValue() + ")"));
    }
  }

  private int exitValue() {
    try {
      return relay.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static boolean sameUserNamespace(long pid) throws JaciException {
    try {
      return Objects.equals(
          Files.readSymbolicLink(Path.of("/proc/self/ns/user")),
          Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/user")));
    } catch (IOException e) {
      throw new JaciException("cannot see the namespaces of process " + pid + ": "
          + e.getMessage(), e);
    }
  }
}
