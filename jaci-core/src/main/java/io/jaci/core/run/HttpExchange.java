package io.jaci.core.run;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** The small HTTP/1.1 model of the metadata service: one request, one response, then close. */
final class HttpExchange {
  static final String TEXT = "text/plain; charset=us-ascii";
  static final String JSON = "application/json";

  private HttpExchange() {}

  /**
   * A parsed request.
   *
   * @param headers names in lower case; the first of repeated headers
   */
  record Request(String method, String path, Map<String, String> headers, byte[] body) {
    Request {
      headers = Map.copyOf(headers);
    }

    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name));
    }
  }

  /** A response; {@code allow} is sent as the {@code Allow} header when not empty. */
  record Response(int status, String contentType, byte[] body, String allow) {
    static Response text(int status, String text) {
      return new Response(status, TEXT, text.getBytes(StandardCharsets.US_ASCII), "");
    }

    static Response json(byte[] json) {
      return new Response(200, JSON, json, "");
    }

    static Response error(int status, String why) {
      return text(status, why + "\n");
    }

    static Response methodNotAllowed(String allowed) {
      return new Response(405, TEXT, ("use " + allowed + "\n").getBytes(StandardCharsets.US_ASCII),
          allowed);
    }

    String reason() {
      return switch (status) {
        case 200 -> "OK";
        case 400 -> "Bad Request";
        case 403 -> "Forbidden";
        case 404 -> "Not Found";
        case 405 -> "Method Not Allowed";
        case 408 -> "Request Timeout";
        case 413 -> "Content Too Large";
        case 415 -> "Unsupported Media Type";
        case 431 -> "Request Header Fields Too Large";
        case 501 -> "Not Implemented";
        case 503 -> "Service Unavailable";
        default -> "Status " + status;
      };
    }

    byte[] head() {
      StringBuilder s = new StringBuilder();
      s.append("HTTP/1.1 ").append(status).append(' ').append(reason()).append("\r\n");
      s.append("Content-Type: ").append(contentType).append("\r\n");
      s.append("Content-Length: ").append(body.length).append("\r\n");
      if (!allow.isEmpty()) {
        s.append("Allow: ").append(allow).append("\r\n");
      }
      s.append("Connection: close\r\n\r\n");
      return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The head and the body in one array, to be written at once: written apart, the body of a
     * small answer waits for the client's delayed ACK of the head (Nagle's algorithm), up to
     * 40 ms on Linux, which the ACE validator's 100 ms per request cannot afford.
     */
    byte[] bytes() {
      byte[] head = head();
      byte[] all = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, all, head.length, body.length);
      return all;
    }
  }

  /** A request the service refuses before routing it, with the status to answer. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    Response response() {
      return Response.error(status, getMessage());
    }
  }
}
