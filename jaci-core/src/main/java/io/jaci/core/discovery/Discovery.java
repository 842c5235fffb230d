package io.jaci.core.discovery;

import io.jaci.core.JaciException;
import io.jaci.core.spec.Labels;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * appc meta discovery: {@code GET https://NAME?ac-discovery=1}, then the page's {@code
 * ac-discovery} templates whose prefix is the name or its first whole path segments, filled
 * from the name and labels. When a page gives no usable template, the name's last path
 * segment is dropped and the shorter name tried, down to the host. Pages are read up to
 * {@link #MAX_PAGE_BYTES}; plain HTTP is tried (after HTTPS) only with {@link
 * InsecureOptions#HTTP}.
 *
 * <pre>{@code
 * Endpoints e = new Discovery(Duration.ofSeconds(30), Set.of())
 *     .discover(ImageRequest.parse("example.com/app:1.0.0"));
 * }</pre>
 */
public final class Discovery {
  /** The most of a discovery page that is read. */
  public static final int MAX_PAGE_BYTES = 1 << 20;

  private static final Pattern VARIABLE = Pattern.compile("\\{([^{}]{0,64})\\}");

  private final Http http;

  public Discovery(Duration timeout, Set<InsecureOptions> insecure) {
    this(timeout, insecure, AuthFiles.none());
  }

  /** Sends {@code credentials} to the hosts they are for (over HTTPS only). */
  public Discovery(Duration timeout, Set<InsecureOptions> insecure, AuthFiles credentials) {
    this.http = new Http(timeout, insecure, credentials);
  }

  /** With {@code http} for every request (tests give it their TLS trust). */
  Discovery(Http http) {
    this.http = http;
  }

  /**
   * The endpoints of {@code request}.
   *
   * @throws JaciException naming the URLs tried when none gave a usable template
   */
  public Endpoints discover(ImageRequest request) throws JaciException {
    return walk(request, e -> !e.images().isEmpty(), "ac-discovery template",
        "no image found by discovery for ");
  }

  /**
   * Where the public keys of the name prefix {@code prefix} are: the URLs of the {@code
   * ac-discovery-pubkeys} tags for it (their prefix is {@code prefix} or its first whole path
   * segments) on the first page that has any, walking up the name as {@link #discover} does.
   * {@link Endpoints#images()} is empty.
   *
   * @throws JaciException naming the URLs tried when no page named a key
   */
  public Endpoints discoverKeys(ImageRequest prefix) throws JaciException {
    Endpoints e = walk(prefix, found -> !found.keys().isEmpty(), "ac-discovery-pubkeys tag",
        "no public keys found by discovery for ");
    return new Endpoints(List.of(), e.keys(), e.page());
  }

  /** The endpoints of the first page, walking up the name, that {@code enough} accepts. */
  private Endpoints walk(ImageRequest request, Predicate<Endpoints> enough,
      String wanted, String failure) throws JaciException {
    String name = request.app().name().value();
    Labels labels = request.templateLabels();
    List<String> tried = new ArrayList<>();
    // every page of the walk is on one host: a scheme it did not answer within the timeout
    // (a TLS port that never answers a ClientHello, a firewall dropping packets) is not
    // asked again, so that the walk costs one timeout, not one per level
    Set<String> silent = new HashSet<>();
    for (String candidate = name; ; ) {
      for (String scheme : http.allowsHttp() ? List.of("https", "http") : List.of("https")) {
        if (silent.contains(scheme)) {
          continue;
        }
        URI page = pageUri(scheme, request.authority(), candidate);
        Endpoints found;
        try {
          found = fromPage(page, name, labels);
        } catch (JaciException e) {
          tried.add(e.getMessage());
          if (e.getCause() instanceof HttpTimeoutException) {
            silent.add(scheme);
          }
          continue;
        }
        if (enough.test(found)) {
          return found;
        }
        tried.add(page + ": no " + wanted + " for " + name);
      }
      int slash = candidate.lastIndexOf('/');
      if (slash < 0) {
        break;
      }
      candidate = candidate.substring(0, slash);
    }
    throw new JaciException(failure + request + ": "
        + String.join("; ", tried.subList(0, Math.min(tried.size(), 6)))
        + (tried.size() > 6 ? "; ..." : ""));
  }

  private static URI pageUri(String scheme, String authority, String candidate) {
    int slash = candidate.indexOf('/');
    String path = slash < 0 ? "" : candidate.substring(slash);
    return URI.create(scheme + "://" + authority + path + "?ac-discovery=1");
  }

  private Endpoints fromPage(URI page, String name, Labels labels) throws JaciException {
    String html;
    try (Http.Answer a = http.get(page, Map.of())) {
      if (a.status() != 200) {
        throw new JaciException(page + ": HTTP " + a.status());
      }
      html = Http.readText(a, MAX_PAGE_BYTES, "the discovery page");
    }
    List<MetaTags.Tag> tags;
    try {
      tags = MetaTags.parse(html);
    } catch (IllegalArgumentException e) {
      throw new JaciException(page + ": " + e.getMessage() + ", refused");
    }
    List<Endpoints.Image> images = new ArrayList<>();
    List<URI> keys = new ArrayList<>();
    for (MetaTags.Tag t : tags) {
      if (!MetaTags.prefixMatches(t.prefix(), name)) {
        continue;
      }
      if (t.kind().equals(MetaTags.PUBKEYS)) {
        URI key = usable(t.value());
        if (key != null) {
          keys.add(key);
        }
        continue;
      }
      URI aci = usable(fill(t.value(), name, labels, "aci"));
      URI asc = usable(fill(t.value(), name, labels, "aci.asc"));
      if (aci != null && asc != null) {
        images.add(new Endpoints.Image(aci, asc));
      }
    }
    return new Endpoints(images, keys, page);
  }

  /**
   * {@code template} with {@code {name}}, {@code {ext}} and every {@code {label}} replaced;
   * null when a variable has no value (the template is skipped, as the spec says).
   */
  static String fill(String template, String name, Labels labels, String ext) {
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String var = m.group(1);
      String value = switch (var) {
        case "name" -> name;
        case "ext" -> ext;
        default -> labels.get(var).map(Discovery::escape).orElse(null);
      };
      if (value == null) {
        return null;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    String filled = out.toString();
    return filled.indexOf('{') >= 0 || filled.indexOf('}') >= 0 ? null : filled;
  }

  /** An absolute http(s) URL, or null. */
  private static URI usable(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI u = new URI(url);
      String s = u.getScheme();
      return ("https".equals(s) || "http".equals(s)) && u.getHost() != null ? u : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** A label value percent-encoded for a URL (RFC 3986 unreserved characters kept). */
  private static String escape(String value) {
    StringBuilder b = new StringBuilder();
    for (byte c : value.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~+".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xff));
      }
    }
    return b.toString();
  }
}
