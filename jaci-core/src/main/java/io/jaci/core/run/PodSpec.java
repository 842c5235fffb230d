package io.jaci.core.run;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A pod to run, validated: its apps (each with its own rootfs) and what they share, the
 * network, IPC and UTS namespaces, the host name, {@code /etc/hosts} entries and DNS.
 *
 * @param uuid the pod's UUID (RFC 4122)
 * @param apps one or more, with distinct names
 * @param volumes the pod's volumes; the empty ones are made in the pod's directory
 * @param net the network mode
 * @param hostname the pod's host name (the UUID's first part by default)
 * @param hostsEntries extra {@code IP HOST} lines for {@code /etc/hosts}
 * @param dns name servers for {@code /etc/resolv.conf}; empty list: the host's file;
 *     {@link #NO_DNS}: none written
 * @param ports host ports forwarded into the pod (only with {@link NetMode#PRIVATE})
 * @param interactive whether the (single) app gets a terminal
 */
public record PodSpec(UUID uuid, List<AppSpec> apps, List<Volume> volumes, NetMode net, String hostname,
    List<String> hostsEntries, List<String> dns, List<PortForward> ports, boolean interactive) {

  /** The DNS setting that writes no {@code /etc/resolv.conf}. */
  public static final List<String> NO_DNS = List.of("none");

  private static final Pattern HOSTNAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IP = Pattern.compile("[0-9a-fA-F:.]+");

  public PodSpec {
    Objects.requireNonNull(uuid, "uuid");
    apps = List.copyOf(apps);
    if (apps.isEmpty()) {
      throw new IllegalArgumentException("a pod needs at least one image");
    }
    Set<String> names = new HashSet<>();
    for (AppSpec a : apps) {
      if (!names.add(a.name().toString())) {
        throw new IllegalArgumentException("two apps are named \"" + a.name()
            + "\": give one another name with --name");
      }
    }
    volumes = List.copyOf(volumes);
    Objects.requireNonNull(net, "net");
    if (hostname == null || hostname.length() > 253 || !HOSTNAME.matcher(hostname).matches()) {
      throw new IllegalArgumentException("invalid host name \"" + hostname + "\"");
    }
    hostsEntries = List.copyOf(hostsEntries);
    for (String h : hostsEntries) {
      String[] parts = h.split(" ", -1);
      if (parts.length != 2 || !IP.matcher(parts[0]).matches()
          || !HOSTNAME.matcher(parts[1]).matches()) {
        throw new IllegalArgumentException("invalid --hosts-entry \"" + h.replace(' ', '=')
            + "\": use IP=HOST");
      }
    }
    dns = List.copyOf(dns);
    if (!dns.equals(NO_DNS)) {
      for (String d : dns) {
        if (!IP.matcher(d).matches()) {
          throw new IllegalArgumentException("invalid --dns \"" + d
              + "\": use an IP address, host or none");
        }
      }
    }
    ports = List.copyOf(ports);
    if (!ports.isEmpty() && net != NetMode.PRIVATE) {
      throw new IllegalArgumentException("--port needs --net private");
    }
    if (interactive && apps.size() > 1) {
      throw new IllegalArgumentException("--interactive needs a pod of exactly one app");
    }
  }

  /** The default host name of a pod: {@code jaci-} and its UUID's first eight digits. */
  public static String defaultHostname(UUID uuid) {
    return "jaci-" + uuid.toString().substring(0, 8);
  }

  /** The app named {@code name}. */
  public Optional<AppSpec> app(String name) {
    return apps.stream().filter(a -> a.name().toString().equals(name)).findFirst();
  }
}
