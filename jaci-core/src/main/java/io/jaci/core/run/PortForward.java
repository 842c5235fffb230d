package io.jaci.core.run;

import java.util.Locale;
import java.util.Objects;

/**
 * A port of the host forwarded into a private pod network ({@code --port NAME:HOSTPORT} once
 * NAME is resolved to the app's port): connections to {@code hostAddress:hostPort} on the host
 * reach {@code podPort} in the pod.
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param hostAddress the host address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 */
public record PortForward(String protocol, String hostAddress, int hostPort, int podPort) {

  public PortForward {
    Objects.requireNonNull(hostAddress, "hostAddress");
    protocol = Objects.requireNonNull(protocol, "protocol").toLowerCase(Locale.ROOT);
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new IllegalArgumentException(
          "port forward protocol must be tcp or udp, not \"" + protocol + "\"");
    }
    checkPort("host", hostPort);
    checkPort("pod", podPort);
  }

  /** A TCP forward from every address of the host. */
  public static PortForward tcp(int hostPort, int podPort) {
    return new PortForward("tcp", "0.0.0.0", hostPort, podPort);
  }

  private static void checkPort(String side, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(side + " port " + port + " is outside 1..65535");
    }
  }
}
