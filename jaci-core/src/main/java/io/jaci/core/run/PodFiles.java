package io.jaci.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's {@code /etc/hosts} and {@code /etc/resolv.conf}: hosts with localhost, the pod's
 * host name and {@code --hosts-entry} lines (bound in where the image has no hosts file, or
 * when entries are given); resolv.conf from the host or {@code --dns}.
 */
final class PodFiles {
  private PodFiles() {}

  /** Writes the files into the pod's {@code etc/}; returns those to bind into {@code app}. */
  static List<BindMount> write(PodDirectory dir, PodSpec pod, AppSpec app, Path appRootfs)
      throws IOException {
    Files.createDirectories(dir.etc());
    List<BindMount> binds = new ArrayList<>();
    boolean inPlace = app.rootfs() instanceof AppSpec.InPlace;
    Path hosts = dir.etc().resolve("hosts");
    if (!Files.exists(hosts)) {
      StringBuilder h = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost "
          + "ip6-loopback\n127.0.1.1\t" + pod.hostname() + "\n");
      pod.hostsEntries().forEach(e -> h.append(e.replace(' ', '\t')).append('\n'));
      Files.writeString(hosts, h);
    }
    boolean imageHasHosts = exists(appRootfs, "etc/hosts");
    if ((!imageHasHosts || !pod.hostsEntries().isEmpty()) && (!inPlace || imageHasHosts)) {
      binds.add(OciMounts.podFile(hosts, "/etc/hosts"));
    }
    if (!pod.dns().equals(PodSpec.NO_DNS)) {
      Path resolv = dir.etc().resolve("resolv.conf");
      if (!Files.exists(resolv)) {
        if (pod.dns().isEmpty() && pod.net() == NetMode.PRIVATE) {
          // the host's name servers may be on its loopback; slirp4netns forwards DNS here
          Files.writeString(resolv, "nameserver " + PrivateNetwork.DNS + "\n");
        } else if (pod.dns().isEmpty()) {
          Path host = Path.of("/etc/resolv.conf");
          Files.write(resolv, Files.isReadable(host) ? Files.readAllBytes(host) : new byte[0]);
        } else {
          StringBuilder r = new StringBuilder();
          pod.dns().forEach(ns -> r.append("nameserver ").append(ns).append('\n'));
          Files.writeString(resolv, r);
        }
      }
      // in place, only over a file that is there: a run must not add files to a layout
      if (!inPlace || exists(appRootfs, "etc/resolv.conf")) {
        binds.add(OciMounts.podFile(resolv, "/etc/resolv.conf"));
      }
    }
    return binds;
  }

  private static boolean exists(Path rootfs, String relative) {
    // a symlink counts as there (the runtime resolves it inside the rootfs)
    return rootfs != null && Files.exists(rootfs.resolve(relative), LinkOption.NOFOLLOW_LINKS);
  }
}
