package io.jaci.core.serve;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.store.ImageStore;
import io.jaci.core.store.StoredImage;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.Options;

/**
 * {@code jaci serve}: serves the images of a store over HTTP(S) for appc meta discovery (see
 * {@link ServedPaths} for the URLs), takes pushes in acserver's protocol, and shows a web page
 * of the images. Undertow underneath: HTTP/2 over TLS (ALPN) and by upgrade, files sent with
 * {@code sendfile}.
 */
public final class ImageServer implements AutoCloseable {
  /** Undertow and XNIO log their start at INFO: kept quiet (held here, else JUL forgets). */
  private static final Logger[] QUIET = {Logger.getLogger("io.undertow"),
      Logger.getLogger("org.xnio"), Logger.getLogger("org.jboss")};

  /** A temporary file in the store's aci/ not written to for this long is a dead writer's. */
  private static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(10);

  private final Undertow undertow;
  private final Site site;
  private final Uploads uploads;

  private ImageServer(Undertow undertow, Site site, Uploads uploads) {
    this.undertow = undertow;
    this.site = site;
    this.uploads = uploads;
  }

  /**
   * Starts a server of {@code store} (which the caller closes after the server).
   *
   * @param log gets a line for every push and every failed request
   * @throws JaciException when it cannot listen, or a file of {@code options} is unusable
   */
  public static ImageServer start(ImageStore store, ServeOptions options, Consumer<String> log)
      throws JaciException {
    for (Logger l : QUIET) {
      l.setLevel(Level.WARNING);
    }
    Optional<Htpasswd> users = options.users().isPresent()
        ? Optional.of(Htpasswd.read(options.users().get())) : Optional.empty();
    if (users.isPresent() && store.isReadOnly()) {
      throw new JaciException("the image store " + store.root() + " is read-only for this user:"
          + " serving it with --users (pushes) needs write access");
    }
    InetSocketAddress address = options.address();
    int port = address.getPort() != 0 ? address.getPort() : freePort(address);
    String scheme = options.tls().isPresent() ? "https" : "http";
    String host = address.getAddress() != null && address.getAddress().isAnyLocalAddress()
        ? "127.0.0.1" : address.getHostString();
    Site site;
    try {
      site = Site.of(options.baseUrl().orElse(scheme + "://" + hostInUrl(host) + ":" + port));
    } catch (IllegalArgumentException e) {
      throw new JaciException(e.getMessage());
    }
    Catalog catalog = new Catalog(store);
    try {
      store.distributedFiles().removeAbandoned(ABANDONED_AFTER);
    } catch (IOException e) {
      log.accept("could not remove abandoned files in " + store.root() + "/aci: "
          + e.getMessage());
    }
    Uploads uploads;
    try {
      uploads = new Uploads(store.root().resolve("uploads"));
    } catch (IOException e) {
      if (users.isPresent()) {
        throw new JaciException("preparing the upload directory in " + store.root() + ": "
            + e.getMessage(), e);
      }
      uploads = null;
    }
    Router router = new Router(site, catalog, new Downloads(catalog, options.publicKeys()),
        new UploadHandler(site, users, uploads, new Publisher(catalog, options.signatureCheck()),
            options.maxUpload(), log), log);
    int idle = (int) Math.min(Integer.MAX_VALUE, options.idleTimeout().toMillis());
    Undertow.Builder builder = Undertow.builder()
        .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, idle)
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, idle)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 1L << 20)
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
        .setSocketOption(Options.READ_TIMEOUT, idle)
        .setSocketOption(Options.WRITE_TIMEOUT, idle)
        .setHandler(new BlockingHandler(router));
    if (options.tls().isPresent()) {
      builder.addHttpsListener(port, address.getHostString(), TlsContext.of(options.tls().get()));
    } else {
      builder.addHttpListener(port, address.getHostString());
    }
    Undertow undertow = builder.build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      throw new JaciException("cannot listen on " + address.getHostString() + ":" + port + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
          + " (is another server there? choose another with --addr)");
    }
    return new ImageServer(undertow, site, uploads);
  }

  private static String hostInUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static int freePort(InetSocketAddress address) throws JaciException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, address.getAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new JaciException("cannot listen on " + address.getHostString() + ": "
          + e.getMessage());
    }
  }

  /** Where clients reach this server. */
  public Site site() {
    return site;
  }

  @Override
  public void close() {
    undertow.stop();
    if (uploads != null) {
      uploads.close(); // this server's uploads end with it
    }
  }

  /** Sends each request to the part of the server that answers it. */
  private record Router(Site site, Catalog catalog, Downloads downloads, UploadHandler uploads,
      Consumer<String> log) implements HttpHandler {
    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
      String method = ex.getRequestMethod().toString();
      String path = ex.getRelativePath();
      try {
        if (UploadHandler.handles(ex)) {
          uploads.handle(ex);
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
          ex.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
          UploadHandler.text(ex, StatusCodes.METHOD_NOT_ALLOWED, method + " is not allowed here");
        } else if (path.equals("/")) {
          page(ex, IndexPage.render(site, catalog));
        } else if (path.startsWith(ServedPaths.BY_ID)
            && path.endsWith(ServedPaths.MANIFEST_SUFFIX)) {
          manifest(ex, path);
        } else if (path.startsWith(ServedPaths.IMAGES) || path.equals(ServedPaths.PUBKEYS)) {
          downloads.handle(ex);
        } else {
          discovery(ex, path);
        }
      } catch (JaciException e) {
        log.accept(method + " " + path + ": " + e.getMessage());
        if (!ex.isResponseStarted()) {
          UploadHandler.text(ex, StatusCodes.INTERNAL_SERVER_ERROR, e.getMessage());
        }
      }
    }

    private void page(HttpServerExchange ex, String html) {
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
      ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
      ex.getResponseSender().send(html, StandardCharsets.UTF_8);
    }

    private void manifest(HttpServerExchange ex, String path) throws JaciException {
      String stem = path.substring(0, path.length() - ServedPaths.MANIFEST_SUFFIX.length());
      Optional<StoredImage> image = downloads.image(stem);
      if (image.isEmpty()) {
        UploadHandler.text(ex, StatusCodes.NOT_FOUND, "no such image");
        return;
      }
      String etag = "\"" + image.get().id().hex().substring(0, 32) + "\"";
      ex.getResponseHeaders().put(Headers.ETAG, etag);
      ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=31536000, immutable");
      if (etag.equals(ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH))) {
        ex.setStatusCode(StatusCodes.NOT_MODIFIED);
        return;
      }
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      ex.getResponseSender().send(java.nio.ByteBuffer.wrap(
          catalog.store().rawManifest(image.get().id())));
    }

    /** The discovery page of a name under this host that some served image has or is under. */
    private void discovery(HttpServerExchange ex, String path) throws JaciException {
      String rest = path.replaceAll("^/+|/+$", "");
      String name = site.host() + "/" + rest;
      try {
        AcIdentifier.parse(name);
      } catch (IllegalArgumentException e) {
        UploadHandler.text(ex, StatusCodes.NOT_FOUND, "not found: not an image name");
        return;
      }
      for (StoredImage image : catalog.images()) {
        String served = image.manifest().name().value();
        if (served.equals(name) || served.startsWith(name + "/")) {
          page(ex, DiscoveryPage.render(site, name));
          return;
        }
      }
      UploadHandler.text(ex, StatusCodes.NOT_FOUND, "no image named " + name + " here");
    }
  }
}
