package io.jaci.core.registry;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;

/**
 * Sends one registry API call: authenticates on a 401 challenge and sends again, follows
 * redirects when asked (without the registry's {@code Authorization} header on another
 * origin, such as blob storage), and retries idempotent calls (GET, HEAD) that fail with HTTP
 * 429/500/502/503/504 or a dropped connection, {@value #ATTEMPTS} attempts in all, 0.2 s and
 * 0.4 s apart. A refused connection, a timeout or a TLS failure is not retried. Every read
 * has a time limit: connecting, the answer's headers (for uploads: progress of the upload,
 * see {@link Call#untimed}), and each read of an answer's body ({@link TimedBodyStream}).
 */
final class RegistryHttp {
  static final String USER_AGENT = "jaci";
  static final int ATTEMPTS = 3;
  static final String STALL_HINT = "try again or raise --timeout";
  private static final long FIRST_RETRY_MILLIS = 200;
  private static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final boolean insecure;
  private final Duration timeout;
  private final RegistryAuth auth;

  RegistryHttp(HttpClient client, boolean insecure, Duration timeout, RegistryAuth auth) {
    this.client = client;
    this.insecure = insecure;
    this.timeout = timeout;
    this.auth = auth;
  }

  /** {@code http[s]://REGISTRY/v2/REPOSITORY/PATH}. */
  URI api(ImageReference repo, String path) {
    return URI.create(origin(repo.registry()) + "/v2/" + repo.repository() + "/" + path);
  }

  private String origin(String registry) {
    return (insecure ? "http" : "https") + "://" + registry;
  }

  /** Makes a body for each attempt; a one-shot body throws when asked twice. */
  interface Body {
    HttpRequest.BodyPublisher publisher() throws JaciException;
  }

  /** One API call: what it is, whom it concerns, and how to send it. */
  static final class Call {
    final String method;
    final URI uri;
    final String registry;
    final List<String> scopes;
    final String what;
    String reading;
    final Map<String, String> headers = new LinkedHashMap<>();
    Body body = HttpRequest.BodyPublishers::noBody;
    boolean followRedirects;
    boolean timed = true;
    LongSupplier progress = () -> 0;

    /**
     * @param what names the object in messages, e.g. {@code docker://h/r:tag}
     * @param scopes the token scopes the call needs, e.g. {@code repository:r:pull}
     */
    Call(String method, URI uri, ImageReference repo, List<String> scopes, String what) {
      this.method = method;
      this.uri = uri;
      this.registry = repo.registry();
      this.scopes = List.copyOf(scopes);
      this.what = what;
    }

    /** Names the answer's body in a stall's message, e.g. {@code blob sha256:...}. */
    Call reading(String body) {
      this.reading = body;
      return this;
    }

    String readingOrDefault() {
      return reading != null ? reading : "the answer to " + method + " " + uri.getRawPath();
    }

    Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Call body(Body b) {
      this.body = b;
      return this;
    }

    Call followRedirects() {
      this.followRedirects = true;
      return this;
    }

    /**
     * No time limit until the answer's headers, as long as {@code bytesSent} grows at least
     * once per timeout: an upload may take long, but not stall.
     */
    Call untimed(LongSupplier bytesSent) {
      this.timed = false;
      this.progress = bytesSent;
      return this;
    }

    boolean idempotent() {
      return method.equals("GET") || method.equals("HEAD");
    }
  }

  /** Sends {@code call}; the caller reads or closes the answer's body. */
  HttpResponse<InputStream> send(Call call) throws JaciException {
    URI uri = call.uri;
    int attempt = 1;
    int redirects = 0;
    boolean challenged = false;
    while (true) {
      boolean registryOrigin = sameOrigin(uri, call.uri);
      String authorization = registryOrigin ? auth.header(call.registry, call.scopes, call.what)
          : null;
      HttpResponse<InputStream> r;
      try {
        HttpRequest request = request(call, uri, authorization);
        HttpResponse.BodyHandler<InputStream> body =
            TimedBodyStream.handler(timeout, "registry " + hostAndPort(uri),
                call.readingOrDefault(), STALL_HINT);
        r = call.timed ? client.send(request, body) : sendWatched(call, uri, request, body);
      } catch (IOException e) {
        if (call.idempotent() && retryable(e) && attempt < ATTEMPTS) {
          pause(attempt++, call);
          continue;
        }
        throw RegistryErrors.connection(call.what, uri, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JaciException(call.what + ": interrupted", e);
      }
      int status = r.statusCode();
      if (status == 401 && registryOrigin) {
        List<AuthChallenge> offered =
            AuthChallenge.parse(r.headers().allValues("WWW-Authenticate"));
        RegistryErrors.discard(r);
        if (challenged) {
          throw auth.refused(call.registry, call.what);
        }
        challenged = true;
        auth.challenged(call.registry, call.scopes, offered, authorization, call.what);
        continue;
      }
      if (call.followRedirects && isRedirect(status)) {
        String location = r.headers().firstValue("Location").orElse(null);
        RegistryErrors.discard(r);
        if (location == null || ++redirects > MAX_REDIRECTS) {
          throw new JaciException(call.what + ": the registry "
              + (location == null ? "redirected without a Location" : "redirected too often"));
        }
        uri = redirectTarget(call, uri, location);
        continue;
      }
      if (call.idempotent() && retryable(status) && attempt < ATTEMPTS) {
        RegistryErrors.discard(r);
        pause(attempt++, call);
        continue;
      }
      return r;
    }
  }

  /**
   * Sends an untimed call (an upload, which may take long) and waits for its answer as long
   * as the upload makes progress: after a whole timeout without a byte taken from the body,
   * the exchange is cancelled and the stall reported.
   */
  private HttpResponse<InputStream> sendWatched(Call call, URI uri, HttpRequest request,
      HttpResponse.BodyHandler<InputStream> body) throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<InputStream>> answer = client.sendAsync(request, body);
    long sent = call.progress.getAsLong();
    while (true) {
      try {
        return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        long now = call.progress.getAsLong();
        if (now == sent) {
          answer.cancel(true);
          throw new TimedBodyStream.StalledException("registry " + hostAndPort(uri)
              + ": no progress for " + timeout.toSeconds() + " s while sending "
              + call.readingOrDefault() + "; " + STALL_HINT);
        }
        sent = now;
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io
            : new IOException(String.valueOf(e.getCause().getMessage()), e.getCause());
      } catch (InterruptedException e) {
        answer.cancel(true);
        throw e;
      }
    }
  }

  private HttpRequest request(Call call, URI uri, String authorization) throws JaciException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .method(call.method, call.body.publisher())
        .header("User-Agent", USER_AGENT);
    if (call.timed) {
      b.timeout(timeout);
    }
    call.headers.forEach(b::header);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b.build();
  }

  private URI redirectTarget(Call call, URI from, String location) throws JaciException {
    URI to;
    try {
      to = from.resolve(location);
    } catch (IllegalArgumentException e) {
      throw new JaciException(call.what + ": the registry redirected to an invalid address \""
          + location + "\"", e);
    }
    boolean https = "https".equals(to.getScheme());
    if (!https && !("http".equals(to.getScheme()) && insecure)) {
      throw new JaciException(call.what + ": the registry redirected to " + to.getScheme()
          + "://" + to.getHost() + ", which is not HTTPS; allow plain HTTP with --insecure");
    }
    return to;
  }

  /** Same scheme, host and port: only there does the registry's Authorization go. */
  static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(a.getScheme(), b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  /** {@code HOST[:PORT]} of {@code uri}, for messages. */
  static String hostAndPort(URI uri) {
    return uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
  }

  /** Resolves a {@code Location} header of an answer to {@code call} (upload sessions). */
  static URI location(Call call, HttpResponse<InputStream> r) throws JaciException {
    String location = r.headers().firstValue("Location").orElse(null);
    if (location == null) {
      throw new JaciException(call.what + ": the registry's answer (HTTP " + r.statusCode()
          + ") has no Location header");
    }
    return call.uri.resolve(location);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean retryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  private static boolean retryable(IOException e) {
    return !(e instanceof ConnectException || e instanceof HttpTimeoutException
        || e instanceof SSLException);
  }

  private static void pause(int attempt, Call call) throws JaciException {
    try {
      Thread.sleep(FIRST_RETRY_MILLIS << (attempt - 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException(call.what + ": interrupted", e);
    }
  }
}
