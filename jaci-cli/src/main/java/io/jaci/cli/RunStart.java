package io.jaci.cli;

import io.jaci.core.JaciException;
import io.jaci.core.run.MetadataService;
import io.jaci.core.run.PodHmacKey;
import io.jaci.core.run.RunPreload;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What {@code jaci run} can begin before its arguments are parsed, on a second thread: the
 * run path's libraries ({@link RunPreload}) and the pod's metadata service (bound to a free
 * loopback port, not yet serving). A cold JVM spends a third of a pod's start parsing the
 * command line; this work is done meanwhile. A service that the command does not take (a
 * usage error, {@code --help}) is closed by {@link #close}.
 */
final class RunStart implements AutoCloseable {
  private final CompletableFuture<MetadataService> metadata = new CompletableFuture<>();
  private boolean taken;

  private RunStart() {}

  static RunStart begin() {
    RunStart start = new RunStart();
    Thread thread = new Thread(() -> {
      RunPreload.run();
      try {
        start.metadata.complete(MetadataService.bind(PodHmacKey.generate(),
            InetAddress.getLoopbackAddress()));
      } catch (JaciException | RuntimeException e) {
        start.metadata.completeExceptionally(e);
      }
    }, "jaci-run-start");
    thread.setDaemon(true);
    thread.start();
    return start;
  }

  /** The pod's metadata service, once bound; the caller closes it. */
  synchronized MetadataService metadata() throws JaciException {
    taken = true;
    try {
      return metadata.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof JaciException j) {
        throw j;
      }
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Closes the metadata service unless {@link #metadata()} handed it out. */
  @Override
  public synchronized void close() {
    if (!taken) {
      metadata.thenAccept(MetadataService::close);
    }
  }
}
