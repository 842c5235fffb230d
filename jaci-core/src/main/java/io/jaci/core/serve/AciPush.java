package io.jaci.core.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.ShortText;
import io.jaci.core.registry.Credentials;
import io.jaci.core.spec.ImageManifest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The client of acserver's push protocol ({@code jaci push}): starts an upload, sends the
 * manifest, the signature and the ACI to the URLs the server answered, and completes it.
 * Credentials go only to the server the upload started at, and over plain HTTP only when the
 * caller allows it; every request has a timeout.
 */
public final class AciPush {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Time for the ACI itself on top of the timeout: at least 1 MiB/s. */
  private static final long MIN_RATE = 1 << 20;

  private final HttpClient http;
  private final Optional<Credentials> credentials;
  private final boolean allowHttp;
  private final Duration timeout;

  /**
   * @param allowHttp whether plain HTTP (and credentials over it) is allowed
   * @param timeout the limit of connecting and of each small request
   */
  public AciPush(Optional<Credentials> credentials, boolean allowHttp, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.credentials = credentials;
    this.allowHttp = allowHttp;
    this.timeout = timeout;
  }

  /**
   * Pushes {@code aci} (with {@code manifest}, read from it) and its {@code signature} to the
   * upload start URL {@code start} ({@code .../NAME/startupload}).
   *
   * @throws JaciException in one line when the server refuses or does not answer
   */
  public void push(URI start, Path aci, ImageManifest manifest, byte[] rawManifest,
      Optional<Path> signature) throws JaciException {
    requireAllowed(start);
    JsonNode urls = json(send(start, HttpRequest.BodyPublishers.noBody(), "POST", timeout,
        "starting the upload"));
    URI manifestUrl = uploadUrl(start, urls, "upload_manifest_url");
    URI signatureUrl = uploadUrl(start, urls, "upload_signature_url");
    URI aciUrl = uploadUrl(start, urls, "upload_aci_url");
    URI completed = uploadUrl(start, urls, "completed_url");
    try {
      send(manifestUrl, HttpRequest.BodyPublishers.ofByteArray(rawManifest), "PUT", timeout,
          "sending the manifest");
      if (signature.isPresent()) {
        send(signatureUrl, HttpRequest.BodyPublishers.ofFile(signature.get()), "PUT", timeout,
            "sending the signature");
      }
      long size = Files.size(aci);
      send(aciUrl, HttpRequest.BodyPublishers.ofFile(aci), "PUT",
          timeout.plusSeconds(size / MIN_RATE), "sending the image");
    } catch (IOException e) {
      throw new JaciException("reading " + aci + ": " + e.getMessage(), e);
    } catch (JaciException e) {
      try {
        complete(completed, false, e.getMessage());
      } catch (JaciException ignored) {
        // the first failure is the one to report
      }
      throw e;
    }
    complete(completed, true, "");
  }

  private void complete(URI url, boolean success, String reason) throws JaciException {
    String body = JSON.createObjectNode().put("success", success).put("reason", reason)
        .toString();
    HttpResponse<byte[]> response = exchange(url, HttpRequest.BodyPublishers.ofString(body),
        "POST", timeout, "completing the upload");
    JsonNode reply = json(response);
    if (success && !reply.path("success").asBoolean(false)) {
      throw new JaciException(url.getAuthority() + " refused the image: "
          + ShortText.cut(reply.path("server_reason").asText("no reason given"), 300));
    }
  }

  private byte[] send(URI url, HttpRequest.BodyPublisher body, String method, Duration limit,
      String what) throws JaciException {
    HttpResponse<byte[]> response = exchange(url, body, method, limit, what);
    if (response.statusCode() != 200) {
      String text = new String(response.body(), StandardCharsets.UTF_8).strip();
      throw new JaciException(what + " at " + url.getAuthority() + ": HTTP "
          + response.statusCode() + (response.statusCode() == 401
              ? " (give credentials with --user USER, or in auth.d)" : "")
          + (text.isEmpty() ? "" : ": " + ShortText.cut(text.lines().findFirst().orElse(""),
              200)));
    }
    return response.body();
  }

  private HttpResponse<byte[]> exchange(URI url, HttpRequest.BodyPublisher body, String method,
      Duration limit, String what) throws JaciException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(limit)
        .method(method, body);
    credentials.ifPresent(c -> request.header("Authorization", c.basicAuthorization()));
    try {
      return http.send(request.build(), info -> HttpResponse.BodySubscribers.mapping(
          HttpResponse.BodySubscribers.ofInputStream(), in -> {
            try (in) {
              return in.readNBytes(1 << 20);
            } catch (IOException e) {
              return new byte[0];
            }
          }));
    } catch (HttpTimeoutException e) {
      throw new JaciException(what + " at " + url.getAuthority() + ": no answer within "
          + limit.toSeconds() + " s");
    } catch (IOException e) {
      throw new JaciException(what + " at " + url.getAuthority() + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException(what + ": interrupted");
    }
  }

  private static JsonNode json(byte[] body) throws JaciException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new JaciException("the server's answer is not the push protocol's JSON: is the URL"
          + " an appc push endpoint (.../NAME/startupload)?");
    }
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws JaciException {
    if (response.statusCode() != 200 && response.statusCode() != 400) {
      throw new JaciException("completing the upload: HTTP " + response.statusCode());
    }
    return json(response.body());
  }

  /** An upload URL of the server's answer: only on the server the upload started at. */
  private URI uploadUrl(URI start, JsonNode urls, String field) throws JaciException {
    String text = urls.path(field).asText("");
    URI url;
    try {
      url = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new JaciException("the server answered an invalid " + field + ": "
          + ShortText.cut(text, 100));
    }
    if (!start.getScheme().equalsIgnoreCase(String.valueOf(url.getScheme()))
        || !start.getRawAuthority().equalsIgnoreCase(String.valueOf(url.getRawAuthority()))) {
      throw new JaciException("the server sends the upload elsewhere (" + field + " "
          + ShortText.cut(text, 100) + "): refused, credentials go only to " + start.getAuthority());
    }
    return url;
  }

  private void requireAllowed(URI url) throws JaciException {
    String scheme = String.valueOf(url.getScheme()).toLowerCase(java.util.Locale.ROOT);
    if (scheme.equals("http") && !allowHttp) {
      throw new JaciException("refusing to push over plain HTTP to " + url.getAuthority()
          + " (credentials would travel in clear): use https, or --insecure");
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new JaciException("not an http(s) URL: " + ShortText.cut(url.toString(), 100));
    }
  }
}
