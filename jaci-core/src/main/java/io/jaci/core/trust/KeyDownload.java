package io.jaci.core.trust;

import io.jaci.core.JaciException;
import io.jaci.core.io.TimedBodyStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Fetches public keys from a URL: HTTPS, or plain HTTP only when allowed (it can be changed
 * on the way). Redirects are followed except from HTTPS to HTTP; every step has a timeout and
 * the body is read up to {@link OpenPgpKey#MAX_KEY_FILE_BYTES}.
 */
public final class KeyDownload {
  private final HttpClient client;
  private final Duration timeout;
  private final boolean allowHttp;

  /**
   * @param timeout for connecting, for the answer's headers, and for each read of its body
   * @param allowHttp whether {@code http://} URLs may be used ({@code
   *     --insecure-options=pubkey,http})
   */
  public KeyDownload(Duration timeout, boolean allowHttp) {
    this(timeout, allowHttp, null);
  }

  /**
   * With {@code tls} deciding which server certificates are trusted (a private CA's, a test
   * server's), or the JDK's default when null.
   */
  public KeyDownload(Duration timeout, boolean allowHttp, SSLContext tls) {
    this.timeout = timeout;
    this.allowHttp = allowHttp;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL);
    if (tls != null) {
      b.sslContext(tls);
    }
    this.client = b.build();
  }

  /** The keys at {@code uri}. */
  public List<OpenPgpKey> fetch(URI uri) throws JaciException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (scheme.equals("http") && !allowHttp) {
      throw new JaciException(uri + ": a key over plain http:// could have been swapped on the "
          + "way; use https://, or --insecure-options=pubkey,http to take it anyway");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new JaciException(uri + ": only https:// (and http://) URLs are fetched");
    }
    HttpResponse<InputStream> r;
    try {
      r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "jaci")
          .GET().build(), TimedBodyStream.handler(timeout, uri.getHost(), "key " + uri,
              "try again"));
    } catch (ConnectException e) {
      throw new JaciException(uri + ": cannot connect (" + (e.getMessage() != null
          ? e.getMessage() : "connection refused") + ")", e);
    } catch (HttpTimeoutException e) {
      throw new JaciException(uri + ": timed out after " + timeout.toSeconds() + " s", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new JaciException(uri + ": " + OpenPgpKey.reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException(uri + ": interrupted", e);
    }
    try (InputStream body = r.body()) {
      if (r.statusCode() != 200) {
        throw new JaciException(uri + ": HTTP " + r.statusCode());
      }
      if (!allowHttp && !"https".equals(r.uri().getScheme())) {
        throw new JaciException(uri + ": redirected to " + r.uri() + ", not https://");
      }
      return OpenPgpKey.read(body, uri.toString());
    } catch (IOException e) {
      throw new JaciException(uri + ": " + OpenPgpKey.reason(e), e);
    }
  }
}
