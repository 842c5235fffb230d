package io.jaci.core.run;

import io.jaci.core.run.HttpExchange.Refused;
import io.jaci.core.run.HttpExchange.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.x request with hard limits: the request line and headers together at most
 * {@value #MAX_HEAD} bytes, a body only by {@code Content-Length} and at most {@value #MAX_BODY}
 * bytes. Time limits are the caller's (it closes the connection at its deadline).
 */
final class HttpRequestReader {
  static final int MAX_HEAD = 8 * 1024;
  static final int MAX_BODY = 64 * 1024;

  private HttpRequestReader() {}

  static Request read(InputStream in) throws IOException, Refused {
    String head = readHead(in);
    String[] lines = head.split("\r?\n");
    String[] requestLine = lines[0].split(" ", -1);
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
      throw new Refused(400, "not an HTTP/1.x request line");
    }
    String method = requestLine[0];
    String target = requestLine[1];
    if (!target.startsWith("/")) {
      throw new Refused(400, "the request target must be a path");
    }
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new Refused(400, "malformed header line " + i);
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      headers.putIfAbsent(name, lines[i].substring(colon + 1).trim());
    }
    if (headers.containsKey("transfer-encoding")) {
      throw new Refused(501, "send the body with Content-Length, not Transfer-Encoding");
    }
    byte[] body = readBody(in, contentLength(headers.get("content-length")));
    return new Request(method, path, headers, body);
  }

  private static long contentLength(String value) throws Refused {
    if (value == null) {
      return 0;
    }
    try {
      long length = Long.parseLong(value);
      if (length < 0) {
        throw new NumberFormatException();
      }
      return length;
    } catch (NumberFormatException e) {
      throw new Refused(400, "bad Content-Length");
    }
  }

  private static byte[] readBody(InputStream in, long length) throws IOException, Refused {
    if (length > MAX_BODY) {
      throw new Refused(413, "the body may have at most " + MAX_BODY + " bytes");
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length != length) {
      throw new Refused(400, "the body ended after " + body.length + " of " + length + " bytes");
    }
    return body;
  }

  /** The bytes up to the empty line, without it; ISO-8859-1 so no byte is an error. */
  private static String readHead(InputStream in) throws IOException, Refused {
    ByteArrayOutputStream head = new ByteArrayOutputStream(256);
    int newlines = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new Refused(400, "the request ended before its headers did");
      }
      if (b == '\n') {
        if (++newlines == 2) {
          break;
        }
      } else if (b != '\r') {
        newlines = 0;
      }
      head.write(b);
      if (head.size() > MAX_HEAD) {
        throw new Refused(431, "request line and headers may have at most " + MAX_HEAD + " bytes");
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1).strip();
  }
}
