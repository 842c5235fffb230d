package io.jaci.core.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jaci.core.JaciException;
import io.jaci.core.ShortText;
import io.jaci.core.spec.AcIdentifier;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * acserver's push protocol, as acpush speaks it: {@code POST /NAME/startupload} answers the
 * upload URLs, {@code PUT} of the manifest, the signature and the ACI, then {@code POST} of
 * {@code {"success": true}} to the completion URL, which publishes the image or says why not.
 * Every request needs HTTP basic auth of a user in the server's htpasswd file.
 */
final class UploadHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_SMALL_PART = 1 << 20;
  private static final String START = "/startupload";
  static final String UPLOADS = "/uploads/";

  private final Site site;
  private final Optional<Htpasswd> users;
  private final Uploads uploads;
  private final Publisher publisher;
  private final long maxUpload;
  private final Consumer<String> log;

  UploadHandler(Site site, Optional<Htpasswd> users, Uploads uploads, Publisher publisher,
      long maxUpload, Consumer<String> log) {
    this.site = site;
    this.users = users;
    this.uploads = uploads;
    this.publisher = publisher;
    this.maxUpload = maxUpload;
    this.log = log;
  }

  static boolean handles(HttpServerExchange ex) {
    String path = ex.getRelativePath();
    return path.startsWith(UPLOADS) || path.endsWith(START) && ex.getRequestMethod()
        .toString().equals("POST");
  }

  /** Answers a request {@link #handles} accepts, blocking (on a worker thread). */
  void handle(HttpServerExchange ex) throws IOException {
    Optional<String> user = authenticate(ex);
    if (user.isEmpty()) {
      return;
    }
    String path = ex.getRelativePath();
    String method = ex.getRequestMethod().toString();
    if (path.endsWith(START)) {
      start(ex, path.substring(1, path.length() - START.length()), user.get());
      return;
    }
    String[] parts = path.substring(UPLOADS.length()).split("/", -1);
    Optional<Uploads.Upload> upload = parts.length == 2
        ? uploads.get(parts[0], user.get()) : Optional.empty();
    if (upload.isEmpty()) {
      text(ex, StatusCodes.NOT_FOUND, "no such upload");
      return;
    }
    switch (method + " " + parts[1]) {
      case "PUT manifest" -> upload.get().manifest = Optional.of(small(ex));
      case "PUT signature" -> upload.get().signature = Optional.of(small(ex));
      case "PUT aci" -> receiveAci(ex, upload.get());
      case "POST complete" -> {
        complete(ex, upload.get());
        return;
      }
      default -> {
        text(ex, StatusCodes.METHOD_NOT_ALLOWED, method + " " + parts[1] + " is not allowed");
        return;
      }
    }
    if (!ex.isResponseStarted()) {
      ex.setStatusCode(StatusCodes.OK);
      ex.endExchange();
    }
  }

  private Optional<String> authenticate(HttpServerExchange ex) {
    if (users.isEmpty()) {
      text(ex, StatusCodes.FORBIDDEN, "this server takes no uploads (start it with --users FILE)");
      return Optional.empty();
    }
    String header = ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair = new String(Base64.getDecoder().decode(header.substring(6).strip()),
            StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon > 0 && users.get().check(pair.substring(0, colon), pair.substring(colon + 1))) {
          return Optional.of(pair.substring(0, colon));
        }
      } catch (IllegalArgumentException e) {
        // not base64: refused below
      }
    }
    ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic realm=\"jaci\"");
    text(ex, StatusCodes.UNAUTHORIZED, header == null ? "credentials required"
        : "wrong user or password");
    return Optional.empty();
  }

  private void start(HttpServerExchange ex, String nameText, String user) throws IOException {
    AcIdentifier name;
    try {
      name = AcIdentifier.parse(nameText);
    } catch (IllegalArgumentException e) {
      text(ex, StatusCodes.BAD_REQUEST, ShortText.cut(e.getMessage(), ShortText.MAX_MESSAGE));
      return;
    }
    Uploads.Upload upload;
    try {
      upload = uploads.start(name, user);
    } catch (JaciException e) {
      text(ex, StatusCodes.SERVICE_UNAVAILABLE, e.getMessage());
      return;
    }
    String base = site.baseUrl() + UPLOADS + upload.id + "/";
    ObjectNode json = JSON.createObjectNode()
        .put("aci_push_version", "0.0.1")
        .put("multipart", false)
        .put("upload_manifest_url", base + "manifest")
        .put("upload_signature_url", base + "signature")
        .put("upload_aci_url", base + "aci")
        .put("completed_url", base + "complete");
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    ex.getResponseSender().send(JSON.writeValueAsString(json));
  }

  private static byte[] small(HttpServerExchange ex) throws IOException {
    ex.setMaxEntitySize(MAX_SMALL_PART);
    try (InputStream in = ex.getInputStream()) {
      byte[] body = in.readNBytes((int) MAX_SMALL_PART + 1);
      if (body.length > MAX_SMALL_PART) {
        throw new IOException("part over 1 MiB");
      }
      return body;
    }
  }

  private void receiveAci(HttpServerExchange ex, Uploads.Upload upload) throws IOException {
    long declared = ex.getRequestContentLength();
    if (declared > maxUpload) {
      uploads.end(upload);
      text(ex, StatusCodes.REQUEST_ENTITY_TOO_LARGE, "the image is over this server's limit of "
          + maxUpload + " bytes");
      return;
    }
    ex.setMaxEntitySize(maxUpload);
    try (InputStream in = ex.getInputStream();
        OutputStream out = Files.newOutputStream(upload.aci())) {
      in.transferTo(out);
    } catch (IOException e) {
      uploads.end(upload);
      throw e;
    }
    upload.gotAci = true;
  }

  private void complete(HttpServerExchange ex, Uploads.Upload upload) throws IOException {
    try {
      JsonNode msg;
      ex.setMaxEntitySize(MAX_SMALL_PART);
      try (InputStream in = ex.getInputStream()) {
        msg = JSON.readTree(in.readNBytes((int) MAX_SMALL_PART));
      }
      if (msg == null || !msg.path("success").asBoolean(false)) {
        String reason = msg == null ? "" : msg.path("reason").asText("");
        result(ex, false, "client reported failure", reason);
        return;
      }
      if (upload.manifest.isEmpty() || !upload.gotAci) {
        result(ex, false, upload.gotAci ? "the manifest was not uploaded"
            : "the ACI was not uploaded", "");
        return;
      }
      String published = publisher.publish(upload.name, upload.aci(), upload.manifest,
          upload.signature);
      log.accept("pushed by " + upload.user + ": " + published);
      result(ex, true, "", "");
    } catch (JaciException e) {
      log.accept("push of " + upload.name + " by " + upload.user + " refused: " + e.getMessage());
      result(ex, false, ShortText.cut(e.getMessage(), ShortText.MAX_MESSAGE), "");
    } finally {
      uploads.end(upload);
    }
  }

  private static void result(HttpServerExchange ex, boolean success, String serverReason,
      String reason) throws IOException {
    ObjectNode json = JSON.createObjectNode().put("success", success);
    if (!reason.isEmpty()) {
      json.put("reason", reason);
    }
    if (!serverReason.isEmpty()) {
      json.put("server_reason", serverReason);
    }
    ex.setStatusCode(success ? StatusCodes.OK : StatusCodes.BAD_REQUEST);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    ex.getResponseSender().send(JSON.writeValueAsString(json));
  }

  static void text(HttpServerExchange ex, int status, String message) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    ex.getResponseSender().send(message + "\n");
  }
}
