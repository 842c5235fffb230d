package io.jaci.core.discovery;

import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import io.jaci.core.io.TimedBodyStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * GET requests for discovery and fetch: a connect timeout, a timeout for the answer's
 * headers and for each read of its body, redirects followed by hand (at most {@link
 * #MAX_REDIRECTS}, never from HTTPS to HTTP, and plain HTTP at all only with {@link
 * InsecureOptions#HTTP}).
 */
final class Http {
  static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final Duration timeout;
  private final boolean allowHttp;

  private final AuthFiles credentials;

  Http(Duration timeout, Set<InsecureOptions> insecure) {
    this(timeout, insecure, AuthFiles.none());
  }

  Http(Duration timeout, Set<InsecureOptions> insecure, AuthFiles credentials) {
    this(timeout, insecure, credentials, System.getenv());
  }

  /** With the proxies named in {@code env} ({@code HTTPS_PROXY}, ...). */
  Http(Duration timeout, Set<InsecureOptions> insecure, AuthFiles credentials,
      Map<String, String> env) {
    this(timeout, insecure, credentials, env, null);
  }

  /**
   * With {@code tls} (null: the JDK's default) deciding which certificates are trusted,
   * unless {@link InsecureOptions#TLS} trusts all.
   */
  Http(Duration timeout, Set<InsecureOptions> insecure, AuthFiles credentials,
      Map<String, String> env, SSLContext tls) {
    this.credentials = credentials;
    this.timeout = timeout;
    this.allowHttp = insecure.contains(InsecureOptions.HTTP);
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (insecure.contains(InsecureOptions.TLS)) {
      b.sslContext(trustingAll());
    } else if (tls != null) {
      b.sslContext(tls);
    }
    java.net.ProxySelector proxy = EnvironmentProxy.of(env);
    if (proxy != null) {
      b.proxy(proxy);
    }
    this.client = b.build();
  }

  boolean allowsHttp() {
    return allowHttp;
  }

  /** An answer: its final URI, status, headers and a body with timed reads (close it). */
  record Answer(URI uri, int status, HttpResponse<InputStream> response) implements AutoCloseable {
    InputStream body() {
      return response.body();
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    @Override
    public void close() {
      try {
        response.body().close();
      } catch (IOException ignored) {
        // closing only drops the connection
      }
    }
  }

  /** Checks that {@code uri} may be requested at all (scheme and the HTTP option). */
  void checkScheme(URI uri) throws JaciException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (scheme.equals("http") && !allowHttp) {
      throw new JaciException(uri + ": plain http:// is refused (anyone on the way could change"
          + " it); use https://, or --insecure-options=http to allow it");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new JaciException(uri + ": only https:// (and http://) URLs are fetched");
    }
    if (uri.getHost() == null) {
      throw new JaciException(uri + ": the URL has no host");
    }
  }

  /** GETs {@code uri} with {@code headers}, following redirects. */
  Answer get(URI uri, Map<String, String> headers) throws JaciException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      checkScheme(current);
      Map<String, String> h = headers;
      Optional<String> auth = credentials.header(current);
      // credentials go to the host asked for only, never to another one after a redirect
      if (auth.isPresent() && current.getHost().equalsIgnoreCase(uri.getHost())) {
        h = new java.util.HashMap<>(headers);
        h.put("Authorization", auth.get());
      }
      HttpResponse<InputStream> r = send(current, h);
      int status = r.statusCode();
      if (status < 300 || status >= 400 || status == 304) {
        return new Answer(current, status, r);
      }
      String location = r.headers().firstValue("Location").orElse(null);
      close(r);
      if (location == null) {
        throw new JaciException(current + ": HTTP " + status + " without a Location");
      }
      if (hop == MAX_REDIRECTS) {
        throw new JaciException(uri + ": more than " + MAX_REDIRECTS + " redirects");
      }
      URI next;
      try {
        next = current.resolve(location.trim());
      } catch (IllegalArgumentException e) {
        throw new JaciException(current + ": redirected to a bad URL: "
            + location.substring(0, Math.min(200, location.length())));
      }
      if ("https".equals(current.getScheme()) && "http".equals(next.getScheme()) && !allowHttp) {
        throw new JaciException(current + ": redirected from https:// to " + next
            + ", refused (use --insecure-options=http to allow plain http)");
      }
      current = next;
    }
  }

  /** The body of {@code a}, up to {@code max} bytes, as UTF-8. */
  static String readText(Answer a, int max, String what) throws JaciException {
    return new String(readBytes(a, max, what), StandardCharsets.UTF_8);
  }

  /** The body of {@code a}, refused when over {@code max} bytes. */
  static byte[] readBytes(Answer a, int max, String what) throws JaciException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (InputStream in = a.body()) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        if (out.size() + n > max) {
          throw new JaciException(a.uri() + ": " + what + " is over " + (max >> 10)
              + " KiB, refused");
        }
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new JaciException(a.uri() + ": reading " + what + ": " + IoMessages.reason(e), e);
    }
    return out.toByteArray();
  }

  private HttpResponse<InputStream> send(URI uri, Map<String, String> headers)
      throws JaciException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("User-Agent", "jaci").GET();
    headers.forEach(b::header);
    try {
      return client.send(b.build(), TimedBodyStream.handler(timeout, uri.getAuthority(),
          uri.toString(), "try again"));
    } catch (ConnectException e) {
      throw new JaciException(uri + ": cannot connect (" + (e.getMessage() != null
          ? e.getMessage() : "connection refused") + ")", e);
    } catch (HttpTimeoutException e) {
      throw new JaciException(uri + ": no answer within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new JaciException(uri + ": " + IoMessages.reason(e), e);
    } catch (IllegalArgumentException e) {
      throw new JaciException(uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException(uri + ": interrupted", e);
    }
  }

  private static void close(HttpResponse<InputStream> r) {
    try {
      r.body().close();
    } catch (IOException ignored) {
      // dropping the connection
    }
  }

  private static SSLContext trustingAll() {
    TrustManager all = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, new TrustManager[] {all}, null);
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
