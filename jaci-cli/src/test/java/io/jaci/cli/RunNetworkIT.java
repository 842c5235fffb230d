package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, "Networking": {@code jaci run --net private} end to end through slirp4netns, as
 * root and as nobody (rootless: it needs /dev/net/tun open to users, as Debian's udev makes
 * it; scripts/install-test-deps.sh sees to that). An app reaches a server of the host, and a
 * {@code --port NAME:HOSTPORT} forward to the image's port NAME answers a client on the host.
 * The pod does not reach the host's loopback services: jaci starts slirp4netns with
 * {@code --disable-host-loopback} (the metadata service comes through a relay instead), so
 * the host server listens on the host's own address, not on 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunNetworkIT {
  Path tmp;
  Path layout;

  @BeforeAll
  void makeLayout(@TempDir Path dir) throws IOException {
    tmp = dir;
    AsNobody.requireRoot("RunNetworkIT runs as root and switches to nobody");
    ExternalTool.require("runc");
    ExternalTool.require("slirp4netns");
    layout = BusyboxTree.make(tmp.resolve("layout/rootfs"), List.of("sh", "nc", "echo"))
        .getParent();
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/netbox\",\"app\":{\"exec\":"
        + "[\"/bin/sh\"],\"user\":\"0\",\"group\":\"0\",\"ports\":[{\"name\":\"http\","
        + "\"protocol\":\"tcp\",\"port\":8080}]}}");
    ProcessRun.run(tmp, "chmod", "-R", "a+rX", tmp.toString()).assertSuccess();
  }

  /** A store and a copy of the layout, both the user's own. */
  private List<Path> storeAndLayout(boolean rootless) throws IOException {
    Path store = Files.createTempDirectory(tmp, "store-");
    Path own = tmp.resolve("layout-" + store.getFileName());
    ProcessRun.run(tmp, "cp", "-a", layout.toString(), own.toString()).assertSuccess();
    if (rootless) {
      ProcessRun.run(tmp, "chown", "-R", AsNobody.UID + ":" + AsNobody.UID, store.toString(),
          own.toString()).assertSuccess();
    }
    return List.of(store, own);
  }

  private static List<String> command(boolean rootless, Object... args) {
    return rootless ? AsNobody.jaci(args) : JaciJar.command(args);
  }

  @ParameterizedTest(name = "rootless={0}")
  @ValueSource(booleans = {false, true})
  void netPrivate_reachesAServerOfTheHost_butNotItsLoopback(boolean rootless)
      throws IOException {
    List<Path> s = storeAndLayout(rootless);
    try (ServerSocket host = new ServerSocket(0, 8, InetAddress.getByName("0.0.0.0"))) {
      Thread server = new Thread(() -> {
        while (!host.isClosed()) {
          try (Socket c = host.accept()) {
            c.getOutputStream().write("hello-from-host\n".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return;
          }
        }
      });
      server.setDaemon(true);
      server.start();
      String port = Integer.toString(host.getLocalPort());
      ProcessRun r = ProcessRun.run(tmp, Map.of(), command(rootless, "--store", s.get(0),
          "run", "--net", "private", s.get(1), "--", "-c",
          "nc -w 5 " + hostAddress() + " " + port + "; nc -w 2 10.0.2.2 " + port
              + " 2>/dev/null || echo the host loopback is not reached"));
      assertThat(r.exit()).as(r.describe()).isZero();
      // the server listens on every address, 127.0.0.1 (10.0.2.2 for slirp4netns) too
      assertThat(r.out()).isEqualTo("hello-from-host\nthe host loopback is not reached\n");
    }
  }

  @ParameterizedTest(name = "rootless={0}")
  @ValueSource(booleans = {false, true})
  void portForward_theImagesPortAnswersAClientOnTheHost(boolean rootless) throws Exception {
    List<Path> s = storeAndLayout(rootless);
    int hostPort;
    try (ServerSocket free = new ServerSocket(0)) {
      hostPort = free.getLocalPort();
    }
    Process jaci = new ProcessBuilder(command(rootless, "--store", s.get(0), "run", "--net",
        "private", "--port", "http:" + hostPort, s.get(1), "--", "-c",
        "echo pod-says-hi | nc -l -p 8080"))
        .redirectErrorStream(true).redirectOutput(tmp.resolve("forward-" + rootless).toFile())
        .start();
    String got = "";
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (got.isEmpty() && System.nanoTime() < until && jaci.isAlive()) {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), hostPort)) {
          c.setSoTimeout(5000);
          got = new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
          Thread.sleep(100); // the pod is not listening yet
        }
      }
      assertThat(jaci.waitFor(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      jaci.destroyForcibly();
    }
    String output = Files.readString(tmp.resolve("forward-" + rootless));
    assertThat(got).as(output).isEqualTo("pod-says-hi");
    assertThat(jaci.exitValue()).as(output).isZero();
  }

  private static String hostAddress() throws IOException {
    List<String> found = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        Collections.list(nic.getInetAddresses()).stream()
            .filter(a -> a instanceof Inet4Address).forEach(a -> found.add(a.getHostAddress()));
      }
    }
    if (found.isEmpty()) {
      throw new IOException("this host has no non-loopback IPv4 address to test outbound access");
    }
    return found.get(0);
  }
}
