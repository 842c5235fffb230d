package io.jaci.core.run;

import io.jaci.core.JaciException;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's own network namespace made usable before its apps start: with {@code --net private}
 * slirp4netns (outbound access, {@code --port} forwards), and in every own namespace the
 * metadata relay, so that AC_METADATA_URL answers at the same URL as on the host.
 */
public final class PodNetworking {
  private PodNetworking() {}

  /** Starts what {@code pod} needs in the namespaces of {@code holderPid}; close to stop it. */
  public static Closeable start(PodSpec pod, MetadataService metadata, long holderPid,
      Path privateDir) throws JaciException {
    List<Closeable> started = new ArrayList<>();
    Closeable all = () -> {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
    };
    try {
      if (pod.net() == NetMode.PRIVATE) {
        started.add(PrivateNetwork.start(holderPid, privateDir, false, pod.ports()));
      }
      if (metadata != null) {
        started.add(MetadataNamespaceRelay.start(metadata, holderPid, privateDir));
      }
      return all;
    } catch (JaciException | RuntimeException e) {
      try {
        all.close();
      } catch (java.io.IOException ignored) {
        // closing what started is best effort; the first failure is what the user needs
      }
      throw e;
    }
  }
}
