package io.jaci.core.run;

import io.jaci.core.run.HttpExchange.Request;
import io.jaci.core.run.HttpExchange.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The endpoints of the appc metadata service (ace.md, "App Container Metadata Service") under
 * {@code /TOKEN/acMetadata/v1/}: {@code pod/uuid}, {@code pod/annotations}, {@code
 * pod/manifest}, {@code apps/NAME/image/manifest}, {@code apps/NAME/image/id}, {@code
 * apps/NAME/annotations} (GET) and {@code pod/hmac/sign}, {@code pod/hmac/verify} (POST, a
 * url-encoded form). The token in the path, as the spec recommends, stands for the pod's
 * identity: without it every answer is 404.
 */
final class MetadataRoutes {
  private static final String API = "/acMetadata/v1/";
  private static final String FORM = "application/x-www-form-urlencoded";

  private final PodMetadata pod;
  private final PodHmacKey key;
  private final byte[] prefix;
  private final byte[] podManifest;
  private final byte[] podAnnotations;
  private final Map<String, byte[]> appAnnotations = new HashMap<>();

  MetadataRoutes(PodMetadata pod, PodHmacKey key, String token) {
    this.pod = pod;
    this.key = key;
    this.prefix = ("/" + token + API).getBytes(StandardCharsets.US_ASCII);
    this.podManifest = MetadataDocuments.podManifest(pod);
    this.podAnnotations = MetadataDocuments.annotations(pod.annotations());
    for (AppMetadata app : pod.apps()) {
      appAnnotations.put(app.name().value(), MetadataDocuments.appAnnotations(app));
    }
  }

  /**
   * Answers every kind of request once, so that the classes and lambdas behind them are ready
   * before the first app asks.
   */
  void warmUp() {
    String base = new String(prefix, StandardCharsets.US_ASCII);
    List<String> paths = new ArrayList<>(List.of("pod/uuid", "pod/annotations", "pod/manifest"));
    pod.apps().stream().findFirst().ifPresent(a -> List.of("image/manifest", "image/id",
        "annotations").forEach(e -> paths.add("apps/" + a.name() + "/" + e)));
    for (String path : paths) {
      respond(new Request("GET", base + path, Map.of(), new byte[0]));
    }
    Map<String, String> form = Map.of("content-type", FORM);
    respond(new Request("POST", base + "pod/hmac/sign", form,
        "content=x".getBytes(StandardCharsets.US_ASCII)));
    respond(new Request("POST", base + "pod/hmac/verify", form,
        ("content=x&uuid=" + pod.uuid() + "&signature=x").getBytes(StandardCharsets.US_ASCII)));
  }

  Response respond(Request request) {
    byte[] path = request.path().getBytes(StandardCharsets.ISO_8859_1);
    if (path.length < prefix.length
        || !MessageDigest.isEqual(prefix, Arrays.copyOf(path, prefix.length))) {
      return Response.error(404, "no such metadata path");
    }
    String[] parts = request.path().substring(prefix.length).split("/", -1);
    String route = parts.length > 0 && parts[0].equals("apps") ? "apps" : String.join("/", parts);
    return switch (route) {
      case "pod/uuid" -> get(request, () -> Response.text(200, pod.uuid().toString()));
      case "pod/annotations" -> get(request, () -> Response.json(podAnnotations));
      case "pod/manifest" -> get(request, () -> Response.json(podManifest));
      case "pod/hmac/sign" -> post(request, this::sign);
      case "pod/hmac/verify" -> post(request, this::verify);
      case "apps" -> app(request, parts);
      default -> Response.error(404, "no such metadata path");
    };
  }

  private Response app(Request request, String[] parts) {
    if (parts.length < 3) {
      return Response.error(404, "no such metadata path");
    }
    Optional<AppMetadata> found = pod.app(parts[1]);
    if (found.isEmpty()) {
      return Response.error(404, "this pod has no app named \"" + printable(parts[1]) + "\"");
    }
    AppMetadata app = found.get();
    String entry = String.join("/", Arrays.copyOfRange(parts, 2, parts.length));
    return switch (entry) {
      case "image/manifest" -> get(request, () -> Response.json(
          app.imageManifestJson().getBytes(StandardCharsets.UTF_8)));
      case "image/id" -> get(request, () -> app.imageId()
          .map(id -> Response.text(200, id.toString()))
          .orElseGet(() -> Response.error(404, "this app runs from a layout directory, which has"
              + " no image ID")));
      case "annotations" -> get(request, () -> Response.json(appAnnotations.get(parts[1])));
      default -> Response.error(404, "no such metadata path");
    };
  }

  private Response sign(Map<String, String> form) {
    String content = form.get("content");
    if (content == null) {
      return Response.error(400, "post the form field \"content\" to sign");
    }
    return Response.text(200, key.sign(content));
  }

  private Response verify(Map<String, String> form) {
    String content = form.get("content");
    String uuid = form.get("uuid");
    String signature = form.get("signature");
    if (content == null || uuid == null || signature == null) {
      return Response.error(400, "post the form fields \"content\", \"uuid\" and \"signature\"");
    }
    UUID signer;
    try {
      signer = UUID.fromString(uuid.trim());
    } catch (IllegalArgumentException e) {
      return Response.error(400, "\"uuid\" is not a UUID");
    }
    // Only this pod's key is held here; a signature of another pod cannot be confirmed.
    if (signer.equals(pod.uuid()) && key.verifies(content, signature)) {
      return Response.text(200, "");
    }
    return Response.error(403, "the signature does not match");
  }

  private interface Answer {
    Response get();
  }

  private interface FormAnswer {
    Response apply(Map<String, String> form);
  }

  private static Response get(Request request, Answer answer) {
    return request.method().equals("GET") ? answer.get() : Response.methodNotAllowed("GET");
  }

  private static Response post(Request request, FormAnswer answer) {
    if (!request.method().equals("POST")) {
      return Response.methodNotAllowed("POST");
    }
    String type = request.header("content-type").orElse("");
    if (!type.split(";", 2)[0].trim().equalsIgnoreCase(FORM)) {
      return Response.error(415, "post a form of type " + FORM);
    }
    Map<String, String> form = new HashMap<>();
    String body = new String(request.body(), StandardCharsets.ISO_8859_1);
    try {
      for (String pair : body.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        form.putIfAbsent(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    } catch (IllegalArgumentException e) {
      return Response.error(400, "the form is not url-encoded");
    }
    return answer.apply(form);
  }

  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
