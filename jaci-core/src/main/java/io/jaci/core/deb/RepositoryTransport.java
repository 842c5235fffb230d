package io.jaci.core.deb;

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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens files of a Debian repository by URI: {@code http}/{@code https} over HTTP/1.1 (with
 * redirects, as mirrors redirect; a dropped connection or a 5xx status is tried again, three
 * attempts in all) or {@code file:}. Every read waits at most the read timeout for data, so a
 * mirror that stalls is an error, not a hang. One instance is safe to share between threads.
 */
final class RepositoryTransport {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final Duration readTimeout;

  RepositoryTransport() {
    this(READ_TIMEOUT);
  }

  /** With {@code readTimeout} for the headers and for each read of a body. */
  RepositoryTransport(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NORMAL)
      .connectTimeout(CONNECT_TIMEOUT)
      .build();

  /** The file is not there (HTTP 404 or 410, or no such local file). */
  static final class NotFoundException extends JaciException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
      super(message);
    }
  }

  /**
   * Opens {@code uri} for reading.
   *
   * @throws NotFoundException when there is no such file
   * @throws JaciException naming the URI and what went wrong otherwise
   */
  InputStream open(URI uri) throws JaciException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (scheme.equals("file")) {
      Path p = Path.of(uri);
      try {
        return Files.newInputStream(p);
      } catch (NoSuchFileException e) {
        throw new NotFoundException(p + ": no such file");
      } catch (IOException e) {
        throw new JaciException(p + ": " + e.getMessage(), e);
      }
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new JaciException(uri + ": unsupported repository URL (use http, https, file: or a "
          + "directory)");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return get(uri);
      } catch (RetryableException e) {
        if (attempt == ATTEMPTS) {
          throw new JaciException(e.getMessage() + " (" + ATTEMPTS + " attempts)", e);
        }
        pause(attempt);
      }
    }
  }

  private static final int ATTEMPTS = 3;

  /** A dropped connection or a 5xx status: mirrors have those now and then. */
  private static final class RetryableException extends JaciException {
    private static final long serialVersionUID = 1L;

    RetryableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static void pause(int attempt) throws JaciException {
    try {
      Thread.sleep(500L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException("interrupted", e);
    }
  }

  private InputStream get(URI uri) throws JaciException {
    HttpResponse<InputStream> r;
    try {
      r = client.send(HttpRequest.newBuilder(uri).timeout(readTimeout)
          .header("User-Agent", "jaci").GET().build(), TimedBodyStream.handler(readTimeout,
              "mirror " + uri.getAuthority(), uri.toString(), "try again, or use another mirror"));
    } catch (ConnectException e) {
      throw new JaciException(uri + ": cannot connect (" + (e.getMessage() != null
          ? e.getMessage() : "connection refused") + ")", e);
    } catch (HttpTimeoutException e) {
      throw new JaciException(uri + ": timed out", e);
    } catch (IOException e) {
      throw new RetryableException(uri + ": " + (e.getMessage() != null ? e.getMessage()
          : e.getClass().getSimpleName()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException(uri + ": interrupted", e);
    } catch (IllegalArgumentException e) {
      throw new JaciException(uri + ": not a usable URL (" + e.getMessage() + ")", e);
    }
    int status = r.statusCode();
    if (status == 200) {
      return r.body();
    }
    closeQuietly(r.body());
    if (status == 404 || status == 410) {
      throw new NotFoundException(uri + ": not found (HTTP " + status + ")");
    }
    if (status >= 500) {
      throw new RetryableException(uri + ": HTTP " + status, null);
    }
    throw new JaciException(uri + ": HTTP " + status);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the status is what matters
    }
  }
}
