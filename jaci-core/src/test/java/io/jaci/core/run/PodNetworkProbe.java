package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.spec.Annotations;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link PodNetworkIT} in a JVM of its own (as root or as nobody): makes a process in
 * a new network namespace, connects it with {@link PrivateNetwork} and prints what the pod side
 * and the host side could reach, one {@code key=value} per line. Arguments: {@code loopback} or
 * {@code no-loopback}.
 */
public final class PodNetworkProbe {
  private PodNetworkProbe() {}

  public static void main(String[] args) throws Exception {
    boolean hostLoopback = args[0].equals("loopback");
    boolean root = "root".equals(System.getProperty("user.name"));
    Process pod = new ProcessBuilder(root
        ? List.of(tool("unshare"), "--net", tool("sleep"), "120")
        : List.of(tool("unshare"), "--map-root-user", "--net", tool("sleep"), "120")).start();
    Path dir = Files.createTempDirectory("jaci-net-probe");
    try (ServerSocket host = new ServerSocket(0, 8, InetAddress.getByName("0.0.0.0"));
        MetadataService metadata = MetadataService.start(
            new PodMetadata(UUID.fromString("00000000-0000-4000-8000-000000000001"),
                Annotations.empty(), List.of()), PodHmacKey.generate())) {
      serveGreeting(host);
      waitForNamespace(pod.pid());
      if (args[0].equals("relay")) {
        inPod(pod.pid(), root, tool("ip"), "link", "set", "lo", "up"); // as runc does
        try (MetadataNamespaceRelay relay = MetadataNamespaceRelay.start(metadata, pod.pid(), dir)) {
          System.out.println("interfaces=" + interfaces(pod.pid(), root));
          System.out.println("metadata=" + metadataAnswer(pod.pid(), root, "127.0.0.1", metadata));
          System.out.println("relay-url=" + metadata.url());
        }
        System.out.println("after-close=" + metadataAnswer(pod.pid(), root, "127.0.0.1", metadata));
        return;
      }
      int forwarded;
      try (ServerSocket free = new ServerSocket(0)) {
        forwarded = free.getLocalPort();
      }
      PrivateNetwork net;
      try {
        net = PrivateNetwork.start(pod.pid(), dir, hostLoopback,
            List.of(new PortForward("tcp", "127.0.0.1", forwarded, 8080)));
      } catch (JaciException e) {
        System.out.println("error=" + e.getMessage());
        return;
      }
      try (net) {
        System.out.println("interfaces=" + interfaces(pod.pid(), root));
        System.out.println("outbound=" + inPod(pod.pid(), root,
            tool("busybox"), "nc", "-w", "5", hostAddress(), Integer.toString(host.getLocalPort()))
            .strip());
        System.out.println("metadata="
            + metadataAnswer(pod.pid(), root, PrivateNetwork.GATEWAY, metadata));
        System.out.println("forward=" + forwardAnswer(pod.pid(), root, forwarded));
      }
      System.out.println("slirp4netns-after-close=" + slirpChildren());
    } finally {
      pod.destroyForcibly();
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  private static String interfaces(long pid, boolean root) throws Exception {
    return String.join(",", inPod(pid, root, tool("cat"), "/proc/net/dev").lines().skip(2)
        .map(l -> l.split(":")[0].trim()).sorted().toList());
  }

  /** The body of GET pod/uuid sent from inside the pod to {@code host}, or "". */
  private static String metadataAnswer(long pid, boolean root, String host, MetadataService m)
      throws Exception {
    String path = java.net.URI.create(m.url()).getPath() + "/acMetadata/v1/pod/uuid";
    String answer = inPod(pid, root, tool("sh"), "-c", "printf 'GET " + path
        + " HTTP/1.0\\r\\n\\r\\n' | " + tool("busybox") + " nc -w 3 " + host + " " + m.port());
    int body = answer.indexOf("\r\n\r\n");
    return body < 0 ? "" : answer.substring(body + 4).strip();
  }

  private static void serveGreeting(ServerSocket host) {
    Thread t = new Thread(() -> {
      while (!host.isClosed()) {
        try (Socket s = host.accept()) {
          s.getOutputStream().write("hello-from-host\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
  }

  /** Asks the pod to listen on 8080 and connects to the forwarded host port until it answers. */
  private static String forwardAnswer(long pid, boolean root, int hostPort) throws Exception {
    Process listener = new ProcessBuilder(nsenter(pid, root,
        tool("busybox"), "sh", "-c", "echo pod-says-hi | " + tool("busybox") + " nc -l -p 8080")).start();
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < until) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), hostPort)) {
          s.setSoTimeout(2000);
          String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
          if (!got.isBlank()) {
            return got.strip();
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(100);
      }
      return "";
    } finally {
      listener.destroyForcibly();
    }
  }

  private static String inPod(long pid, boolean root, String... command) throws Exception {
    Process p = new ProcessBuilder(nsenter(pid, root, command)).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out.replace('\n', ' ').strip().isEmpty() ? "" : out;
  }

  private static List<String> nsenter(long pid, boolean root, String... command) {
    List<String> cmd = new ArrayList<>(List.of(tool("nsenter"), "--target", Long.toString(pid), "--net"));
    if (!root) {
      cmd.addAll(List.of("--user", "--preserve-credentials"));
    }
    cmd.add("--");
    cmd.addAll(List.of(command));
    return cmd;
  }

  /** The probe's own tools, found whatever PATH the code under test is given. */
  private static String tool(String name) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return dir + "/" + name;
      }
    }
    throw new IllegalStateException(name + " not found");
  }

  private static void waitForNamespace(long pid) throws Exception {
    Path self = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
    for (int i = 0; i < 100; i++) {
      if (!Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).equals(self)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("process " + pid + " never entered a new network namespace");
  }

  private static String hostAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address) {
          return a.getHostAddress();
        }
      }
    }
    throw new IOException("this host has no non-loopback IPv4 address to test outbound access");
  }

  private static long slirpChildren() {
    return ProcessHandle.current().children()
        .filter(p -> p.info().command().orElse("").endsWith("slirp4netns")).count();
  }

}
