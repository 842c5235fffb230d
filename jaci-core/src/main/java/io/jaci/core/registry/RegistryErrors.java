package io.jaci.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.io.TimedBodyStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * One-line messages for what registries answer: the status and the {@code errors[].message}
 * of the registry's error JSON ({@code {"errors":[{"code":"...","message":"..."}]}}), and the
 * ways a connection fails.
 */
final class RegistryErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private RegistryErrors() {}

  /** The body of an error answer, read (at most 64 KiB) and closed. */
  static ErrorBody read(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      return ErrorBody.parse(in.readNBytes(MAX_ERROR_BODY));
    } catch (IOException e) {
      return new ErrorBody(List.of(), List.of());
    }
  }

  /** Discards a response nobody needs, releasing its connection. */
  static void discard(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      in.skip(MAX_ERROR_BODY);
    } catch (IOException e) {
      // the connection is closed instead of reused: nothing else to do
    }
  }

  /** {@code WHAT: the registry answered HTTP 500: message} for a status the caller did not expect. */
  static JaciException unexpected(String what, HttpResponse<InputStream> response) {
    ErrorBody body = read(response);
    return new JaciException(what + ": the registry answered HTTP " + response.statusCode()
        + body.suffix());
  }

  /** A failed connection or exchange with {@code uri}, in one line. */
  static JaciException connection(String what, URI uri, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VerifyingBlobStream.BlobMismatchException
          || t instanceof TimedBodyStream.StalledException) {
        return new JaciException(t.getMessage(), e); // names the registry and the object
      }
    }
    String where = RegistryHttp.hostAndPort(uri);
    String why;
    if (e instanceof ConnectException) {
      why = "cannot connect to " + where + " (connection refused: is the registry running and"
          + " the address right?)";
    } else if (e instanceof HttpConnectTimeoutException) {
      why = "connecting to " + where + " timed out; try again or raise --timeout";
    } else if (e instanceof HttpTimeoutException) {
      why = where + " did not answer within the time limit; try again or raise --timeout";
    } else if (e instanceof SSLException) {
      why = "TLS with " + where + " failed (" + e.getMessage() + "); a registry that speaks"
          + " plain HTTP needs --insecure";
    } else {
      String m = e.getMessage();
      why = "talking to " + where + " failed: " + (m != null ? m : e.getClass().getSimpleName());
    }
    return new JaciException(what + ": " + why, e);
  }

  /** What a registry's error JSON says: codes and messages. */
  record ErrorBody(List<String> codes, List<String> messages) {
    static ErrorBody parse(byte[] bytes) {
      List<String> codes = new ArrayList<>();
      List<String> messages = new ArrayList<>();
      try {
        JsonNode errors = JSON.readTree(bytes).path("errors");
        for (JsonNode e : errors) {
          codes.add(e.path("code").asText(""));
          String m = e.path("message").asText("");
          if (!m.isEmpty()) {
            messages.add(m.replaceAll("\\s+", " "));
          }
        }
      } catch (IOException | RuntimeException e) {
        // not the registry's error JSON (an HTML page from a proxy, say): no details
      }
      return new ErrorBody(List.copyOf(codes), List.copyOf(messages));
    }

    boolean has(String code) {
      return codes.contains(code);
    }

    /** {@code ": m1; m2"}, or empty when there are no messages. */
    String suffix() {
      return messages.isEmpty() ? "" : ": " + String.join("; ", messages);
    }
  }
}
