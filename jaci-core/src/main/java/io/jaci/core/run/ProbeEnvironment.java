package io.jaci.core.run;

/**
 * Reads the {@link HostFacts} of this machine from {@code /proc}, {@code /sys/fs/cgroup} and
 * {@code /etc/subuid}/{@code /etc/subgid}. Where something cannot be read, it assumes the less
 * capable answer (no controller, no range), so that isolators are reported, never assumed.
 */
public final class ProbeEnvironment {
  private ProbeEnvironment() {}

  /** The facts of this host for the current process. */
  public static HostFacts probe() {
    throw new UnsupportedOperationException("h11-config: not yet");
  }
}
