package io.jaci.core.run;

import io.jaci.core.JaciException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pod's private network ({@code --net private}): slirp4netns gives the network namespace of a
 * process of the pod a {@code tap0} interface at {@value #POD_ADDRESS} with outbound access
 * through the host (user-mode NAT, so it works without root), a DNS forwarder at {@value #DNS},
 * and host ports forwarded into the pod.
 *
 * <p>slirp4netns stops when this is closed, and also when the process that started it dies
 * (even by SIGKILL): it watches its stdin, a pipe from this process ({@code --exit-fd=0}).
 *
 * <pre>{@code
 * try (PrivateNetwork net = PrivateNetwork.start(pid, dir, false, List.of(PortForward.tcp(8080, 80)))) {
 *   ... run the pod ...
 * }
 * }</pre>
 */
public final class PrivateNetwork implements Closeable {
  /** The pod's own address. */
  public static final String POD_ADDRESS = "10.0.2.100";

  /** The gateway, which is also the host's loopback when {@code hostLoopback} is allowed. */
  public static final String GATEWAY = "10.0.2.2";

  /** The DNS forwarder for the pod's {@code /etc/resolv.conf}. */
  public static final String DNS = "10.0.2.3";

  static final String TUN_DEVICE = "/dev/net/tun";
  static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  static final Duration API_TIMEOUT = Duration.ofSeconds(5);

  private final Process slirp;
  private final Path apiSocket;
  private final Path log;

  private PrivateNetwork(Process slirp, Path apiSocket, Path log) {
    this.slirp = slirp;
    this.apiSocket = apiSocket;
    this.log = log;
  }

  /**
   * Connects the network namespace of process {@code pid} to the host through slirp4netns and
   * forwards {@code ports}.
   *
   * @param workDir a directory of the pod only its owner can enter, for the API socket and log
   * @param hostLoopback whether the pod may reach the host's loopback at {@value #GATEWAY}
   *     (needed to reach a metadata service listening there; it also exposes every other
   *     loopback service of the host to the pod)
   * @throws JaciException if slirp4netns is missing (naming its Debian package), fails or is not
   *     ready in time, or a port cannot be forwarded
   */
  public static PrivateNetwork start(
      long pid, Path workDir, boolean hostLoopback, List<PortForward> ports) throws JaciException {
    Path slirp4netns = ToolOnPath.require("slirp4netns", "slirp4netns", "--net private");
    requireTunDevice();
    Path apiSocket = workDir.resolve("slirp4netns.sock");
    Path log = workDir.resolve("slirp4netns.log");
    List<String> command = new ArrayList<>(List.of(
        slirp4netns.toString(), "--configure", "--mtu=65520", "--exit-fd=0", "--ready-fd=1",
        "--api-socket", apiSocket.toString()));
    if (!hostLoopback) {
      command.add("--disable-host-loopback");
    }
    if (!MetadataNamespaceRelay.sameUserNamespace(pid)) {
      command.add("--userns-path=/proc/" + pid + "/ns/user");
    }
    command.add(Long.toString(pid));
    command.add("tap0");
    Process process;
    try {
      Files.deleteIfExists(apiSocket);
      process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new JaciException("cannot start slirp4netns for --net private: " + e.getMessage(), e);
    }
    PrivateNetwork network = new PrivateNetwork(process, apiSocket, log);
    try {
      network.awaitReady();
      for (PortForward port : ports) {
        network.forward(port);
      }
      return network;
    } catch (JaciException e) {
      network.close();
      throw e;
    }
  }

  /**
   * Forwards one more host port into the pod.
   *
   * @throws JaciException e.g. when the host port is taken
   */
  public void forward(PortForward port) throws JaciException {
    String request = "{\"execute\":\"add_hostfwd\",\"arguments\":{\"proto\":\"" + port.protocol()
        + "\",\"host_addr\":\"" + port.hostAddress() + "\",\"host_port\":" + port.hostPort()
        + ",\"guest_port\":" + port.podPort() + "}}";
    String answer = api(request);
    if (!answer.contains("\"return\"")) {
      throw new JaciException("cannot forward host port " + port.hostAddress() + ":"
          + port.hostPort() + " to pod port " + port.podPort() + ": " + errorOf(answer));
    }
  }

  /** Stops slirp4netns; the pod's namespace keeps only its loopback. */
  @Override
  public void close() {
    try {
      slirp.getOutputStream().close(); // --exit-fd=0: slirp4netns ends on EOF
      if (!slirp.waitFor(2, TimeUnit.SECONDS)) {
        slirp.destroy();
        slirp.waitFor(2, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      slirp.destroy();
    } catch (InterruptedException e) {
      slirp.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(apiSocket);
    } catch (IOException e) {
      // a socket file left in the pod's directory goes with it
    }
  }

  private void awaitReady() throws JaciException {
    CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
      try (InputStream out = slirp.getInputStream()) {
        return out.read();
      } catch (IOException e) {
        return -1;
      }
    });
    int b;
    try {
      b = ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new JaciException("slirp4netns was not ready after " + READY_TIMEOUT.toSeconds()
          + " s" + lastLogLine());
    } catch (ExecutionException e) {
      b = -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException("interrupted while starting slirp4netns");
    }
    if (b != '1') {
      throw new JaciException("slirp4netns failed to set up the private network" + lastLogLine());
    }
  }

  private String api(String request) throws JaciException {
    CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> {
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(apiSocket));
        ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
        ch.shutdownOutput();
        ByteBuffer answer = ByteBuffer.allocate(4096);
        while (answer.hasRemaining() && ch.read(answer) >= 0) {
          // slirp4netns answers with one short JSON object and closes
        }
        return new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      return call.get(API_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new JaciException("slirp4netns did not answer on " + apiSocket + " within "
          + API_TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new JaciException("cannot talk to slirp4netns on " + apiSocket + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException("interrupted while talking to slirp4netns");
    }
  }

  /** The {@code desc} of slirp4netns's {@code {"error":{"desc":"..."}}}, or the answer. */
  static String errorOf(String answer) {
    int at = answer.indexOf("\"desc\":\"");
    if (at < 0) {
      return answer.isBlank() ? "no answer" : answer.strip();
    }
    int start = at + "\"desc\":\"".length();
    int end = answer.indexOf('"', start);
    return answer.substring(start, end < 0 ? answer.length() : end);
  }

  private String lastLogLine() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          String line = lines.get(i).strip();
          return ": " + (line.length() > 300 ? line.substring(0, 300) + "..." : line);
        }
      }
    } catch (IOException e) {
      // no log to quote
    }
    return "";
  }

  /** slirp4netns opens it inside the pod's namespaces, where only its mode counts. */
  private static void requireTunDevice() throws JaciException {
    Path tun = Path.of(TUN_DEVICE);
    if (!Files.isReadable(tun) || !Files.isWritable(tun)) {
      throw new JaciException(TUN_DEVICE + " cannot be opened by this user, and slirp4netns needs"
          + " it for --net private; Debian makes it mode 0666 (ask the administrator to run"
          + " chmod 0666 " + TUN_DEVICE + ")");
    }
  }
}
