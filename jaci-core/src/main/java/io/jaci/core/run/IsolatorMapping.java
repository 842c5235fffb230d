package io.jaci.core.run;

import io.jaci.core.JaciException;
import io.jaci.core.spec.Isolator;
import java.util.List;

/**
 * Turns an app's isolators into {@link IsolatorSettings}, one rule per isolator as ace.md
 * defines it, and decides what this host can enforce ({@link HostFacts}).
 */
public final class IsolatorMapping {
  private IsolatorMapping() {}

  /**
   * The settings for one app.
   *
   * @param isolators the app's isolators (image manifest, already validated by {@code App})
   * @param overrides {@code --memory}/{@code --cpu}, replacing the isolators' limits
   * @param host what this host allows
   * @param ownNetworkNamespace whether the pod has its own network namespace ({@code --net
   *     none|private}); {@code net.*} sysctls need one
   * @throws JaciException one line when isolators contradict each other (a capability retain
   *     set together with a remove set)
   */
  public static IsolatorSettings map(List<Isolator> isolators, ResourceOverrides overrides,
      HostFacts host, boolean ownNetworkNamespace) throws JaciException {
    throw new UnsupportedOperationException("h11-config: not yet");
  }
}
