package io.jaci.core.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxies of the environment, as curl and rkt read them: {@code HTTPS_PROXY} for https
 * URLs, {@code HTTP_PROXY} for http ones (either spelling, lower case first), none for a
 * host in {@code NO_PROXY} (comma-separated host names or domain suffixes, {@code *} for
 * all).
 */
final class EnvironmentProxy extends ProxySelector {
  private final Map<String, String> env;

  EnvironmentProxy(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** A selector for {@code env}, or null when it names no proxy. */
  static ProxySelector of(Map<String, String> env) {
    EnvironmentProxy p = new EnvironmentProxy(env);
    return p.value("https_proxy") == null && p.value("http_proxy") == null ? null : p;
  }

  @Override
  public List<Proxy> select(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    String proxy = value("https".equals(uri.getScheme()) ? "https_proxy" : "http_proxy");
    if (proxy == null || bypassed(host)) {
      return List.of(Proxy.NO_PROXY);
    }
    URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
    if (p.getHost() == null) {
      return List.of(Proxy.NO_PROXY);
    }
    int port = p.getPort() > 0 ? p.getPort() : 80;
    return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(),
        port)));
  }

  private boolean bypassed(String host) {
    String noProxy = value("no_proxy");
    if (noProxy == null) {
      return false;
    }
    for (String entry : noProxy.split(",")) {
      String e = entry.trim().toLowerCase(Locale.ROOT);
      if (e.startsWith("*.")) {
        e = e.substring(1);
      }
      if (e.equals("*") || (!e.isEmpty() && (host.equals(e.startsWith(".") ? e.substring(1) : e)
          || host.endsWith(e.startsWith(".") ? e : "." + e)))) {
        return true;
      }
    }
    return false;
  }

  private String value(String lowerName) {
    String v = env.get(lowerName);
    if (v == null || v.isBlank()) {
      v = env.get(lowerName.toUpperCase(Locale.ROOT));
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // the request fails with its own message
  }
}
