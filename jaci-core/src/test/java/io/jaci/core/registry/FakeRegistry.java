package io.jaci.core.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that answers as a test scripts it: handlers per
 * {@code METHOD PATH}, every request recorded. For the failures a real registry will not
 * produce on demand (wrong content, 500s, redirects, token challenges).
 */
final class FakeRegistry implements AutoCloseable {
  /** Answers one request. */
  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  /** What a request was: method, path and query, Authorization header, body size. */
  record Request(String method, String uri, String authorization, long bodySize) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  private final Map<String, Handler> unread = new ConcurrentHashMap<>();
  private final List<Request> requests = new ArrayList<>();

  FakeRegistry() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::dispatch);
    server.setExecutor(executor);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code 127.0.0.1:PORT}. */
  String host() {
    return "127.0.0.1:" + port();
  }

  FakeRegistry on(String method, String path, Handler handler) {
    routes.put(method + " " + path, handler);
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many requests had a path starting with {@code prefix}. */
  synchronized long count(String method, String prefix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.uri().startsWith(prefix)).count();
  }

  /** Like {@link #on}, but the handler gets the request body unread (to stall an upload). */
  FakeRegistry onUnread(String method, String path, Handler handler) {
    unread.put(method + " " + path, handler);
    return this;
  }

  private void dispatch(HttpExchange ex) throws IOException {
    Handler raw = unread.get(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
    if (raw != null) {
      try (ex) {
        raw.handle(ex);
      }
      return;
    }
    try (ex) {
      long size;
      try (InputStream body = ex.getRequestBody()) {
        size = body.transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        size = -1; // the client broke the upload off
      }
      synchronized (this) {
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(),
            ex.getRequestHeaders().getFirst("Authorization"), size));
      }
      Handler h = routes.get(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
      if (h == null) {
        respond(ex, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}]}");
      } else {
        h.handle(ex);
      }
    }
  }

  /** Sends {@code status} with {@code body} (none for HEAD). */
  static void respond(HttpExchange ex, int status, String body) throws IOException {
    respond(ex, status, body.getBytes(StandardCharsets.UTF_8));
  }

  static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
    if (ex.getRequestMethod().equals("HEAD") || body.length == 0) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
