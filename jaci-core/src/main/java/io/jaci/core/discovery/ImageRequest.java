package io.jaci.core.discovery;

import io.jaci.core.spec.HostPlatform;
import io.jaci.core.spec.Labels;
import io.jaci.core.store.AppString;
import java.util.Objects;
import java.util.Optional;

/**
 * An image asked for by name: an app string whose host may carry a port for the connection
 * only, e.g. {@code 127.0.0.1:8080/example.com/app:2.0.0} (the image name stays {@code
 * 127.0.0.1/example.com/app}; an appc name cannot hold a port).
 *
 * @param app the app string without the port
 * @param port the port to connect to, if given
 */
public record ImageRequest(AppString app, Optional<Integer> port) {
  public ImageRequest {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(port, "port");
  }

  /**
   * Parses {@code name[:version][,label=value...]} with an optional {@code :PORT} after the
   * host.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static ImageRequest parse(String text) {
    int slash = text.indexOf('/');
    int colon = text.indexOf(':');
    Optional<Integer> port = Optional.empty();
    String rest = text;
    if (slash > 0 && colon > 0 && colon < slash) {
      String digits = text.substring(colon + 1, slash);
      int p;
      try {
        p = Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        p = -1;
      }
      if (p < 1 || p > 65535 || !digits.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("invalid image name \"" + text + "\": \"" + digits
            + "\" after the host is not a port (1 to 65535)");
      }
      port = Optional.of(p);
      rest = text.substring(0, colon) + text.substring(slash);
    }
    return new ImageRequest(AppString.parse(rest), port);
  }

  /**
   * The labels discovery fills templates from and the fetched image must have: the given
   * ones, {@code os} and {@code arch} defaulted to this machine's, and {@code version} when
   * given (discovery uses {@code latest} when it is not; see {@link #templateLabels()}).
   */
  public Labels requiredLabels() {
    Labels l = app.requiredLabels();
    if (l.get("os").isEmpty()) {
      l = l.with("os", HostPlatform.os());
    }
    if (l.get("arch").isEmpty()) {
      l = l.with("arch", HostPlatform.arch());
    }
    return l;
  }

  /** {@link #requiredLabels()} with {@code version} defaulted to {@code latest}. */
  public Labels templateLabels() {
    Labels l = requiredLabels();
    return l.get("version").isPresent() ? l : l.with("version", "latest");
  }

  /** The host and port to connect to for discovery: {@code 127.0.0.1:8080}. */
  public String authority() {
    String name = app.name().value();
    int slash = name.indexOf('/');
    String host = slash < 0 ? name : name.substring(0, slash);
    return host + port.map(p -> ":" + p).orElse("");
  }

  @Override
  public String toString() {
    String a = app.toString();
    if (port.isEmpty()) {
      return a;
    }
    int slash = a.indexOf('/');
    return slash < 0 ? a + ":" + port.get()
        : a.substring(0, slash) + ":" + port.get() + a.substring(slash);
  }
}
