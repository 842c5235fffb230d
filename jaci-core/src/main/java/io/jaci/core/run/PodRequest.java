package io.jaci.core.run;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user asks of a pod: its apps and the pod-wide options of {@code jaci run}.
 *
 * @param volumes {@code --volume}s
 * @param hostsEntries {@code --hosts-entry IP=HOST}, as given
 * @param dns {@code --dns}: IPs, or {@code host} (the default), or {@code none}
 * @param ports {@code --port NAME:HOSTPORT}, as given
 * @param inPlace {@code --in-place}: layout directories are run in, not under an overlay
 */
public record PodRequest(List<AppRequest> apps, List<Volume> volumes, NetMode net,
    Optional<String> hostname, List<String> hostsEntries, List<String> dns, List<String> ports,
    boolean interactive, boolean inPlace) {

  public PodRequest {
    apps = List.copyOf(apps);
    volumes = List.copyOf(volumes);
    Objects.requireNonNull(net, "net");
    hostsEntries = List.copyOf(hostsEntries);
    dns = List.copyOf(dns);
    ports = List.copyOf(ports);
  }
}
