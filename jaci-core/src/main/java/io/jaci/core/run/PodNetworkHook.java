package io.jaci.core.run;

import io.jaci.core.JaciException;
import java.io.Closeable;
import java.nio.file.Path;

/**
 * What must be in place in a pod's namespaces before its apps start (its private network, the
 * metadata relay): given the holder's PID once it runs; closed when the pod has ended.
 */
@FunctionalInterface
public interface PodNetworkHook {
  /**
   * @param holderPid pid 1 of the pod on the host, in the pod's network namespace
   * @param privateDir a directory of the pod that only its owner can enter
   */
  Closeable start(long holderPid, Path privateDir) throws JaciException;
}
