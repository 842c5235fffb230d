package io.jaci.core.serve;

import java.net.URI;
import java.util.Locale;

/**
 * Where a served tree is reached: its base URL ({@code http://127.0.0.1:8080}, {@code
 * https://images.example.com/aci}) and the host its image names start with (appc names hold no
 * port, so images served on {@code 127.0.0.1:8080} are named {@code 127.0.0.1/...}).
 *
 * @param baseUrl the base URL, without a trailing slash
 * @param host its host, lower case
 */
public record Site(String baseUrl, String host) {

  /**
   * The site at {@code url}, an http or https URL with no query.
   *
   * @throws IllegalArgumentException naming the URL when it is not one
   */
  public static Site of(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid base URL \"" + url + "\": " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("invalid base URL \"" + url
          + "\": give http(s)://HOST[:PORT][/PATH], with no query");
    }
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return new Site(base, uri.getHost().toLowerCase(Locale.ROOT));
  }

  /** The host and port clients connect to: {@code 127.0.0.1:8080}, {@code example.com}. */
  String authority() {
    return URI.create(baseUrl).getRawAuthority();
  }

  /** True when {@code name} is discovered on this site: it is the host or starts with it. */
  boolean names(String name) {
    return name.equals(host) || name.startsWith(host + "/");
  }

  /** What to give {@code jaci fetch} for {@code name} (the port kept for the connection). */
  String fetchReference(String name) {
    return names(name) ? authority() + name.substring(host.length()) : name;
  }
}
