package io.jaci.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.registry.RegistryErrors.ErrorBody;
import io.jaci.core.registry.RegistryHttp.Call;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the Docker Registry HTTP API v2 (also the OCI distribution API), dealing in raw
 * manifest bytes, media types and digests, over HTTP/1.1.
 *
 * <ul>
 *   <li>HTTPS unless built {@link Builder#insecure insecure}, which means plain HTTP.
 *   <li>Authentication as the registry's {@code WWW-Authenticate} asks: Bearer tokens
 *       (anonymous or with credentials, reused per scope until they expire) or Basic.
 *       Credentials are those given to the builder, else those of Docker's
 *       {@code config.json} for the registry's host.
 *   <li>Everything received is checked against its digest: manifests before they are
 *       returned, blobs while they are read (see {@link #blob}).
 *   <li>GET and HEAD are retried on 429/5xx or a dropped connection (3 attempts), up to
 *       the answer's headers: a blob stream that breaks later fails its read, unretried.
 *   <li>Failures are {@link JaciException}s of one line naming the reference.
 *   <li>Safe for use by several threads at once, e.g. to move layers in parallel.
 * </ul>
 *
 * <pre>{@code
 * RegistryClient client = RegistryClient.builder().insecure(true).build();
 * ImageReference ref = ImageReference.parse("docker://127.0.0.1:5000/app:1.0");
 * RegistryManifest m = client.manifest(ref, List.of(OCI_MANIFEST, DOCKER_MANIFEST));
 * try (InputStream layer = client.blob(ref, layerDigest, layerSize)) { ... }
 * }</pre>
 */
public final class RegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a connection, an answer or a read of one may take without progress. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_MANIFEST = 4 << 20;
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final RegistryHttp http;
  private final BlobUpload uploads;

  private RegistryClient(RegistryHttp http) {
    this.http = http;
    this.uploads = new BlobUpload(http);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fetches the manifest (or index) {@code ref} names, by digest if it has one, else by tag.
   * The bytes are checked against the reference's digest, and against the registry's
   * {@code Docker-Content-Digest} when fetched by tag. The media type is not checked against
   * {@code acceptedMediaTypes}; that is the caller's decision.
   *
   * @param acceptedMediaTypes sent as {@code Accept}, most preferred first
   * @throws JaciException if it is missing (naming the tag), too large, or does not match
   */
  public RegistryManifest manifest(ImageReference ref, List<String> acceptedMediaTypes)
      throws JaciException {
    if (acceptedMediaTypes.isEmpty()) {
      throw new IllegalArgumentException("no accepted media type");
    }
    String what = ref.toString();
    Call call = new Call("GET", http.api(ref, "manifests/" + ref.reference()), ref,
        Scopes.pull(ref), what).header("Accept", String.join(", ", acceptedMediaTypes))
        .reading("the manifest of " + ref);
    HttpResponse<InputStream> r = http.send(call);
    if (r.statusCode() == 404) {
      throw notFound(ref, RegistryErrors.read(r));
    }
    if (r.statusCode() != 200) {
      throw RegistryErrors.unexpected(what, r);
    }
    byte[] bytes = readManifest(r, what);
    Digest actual = ref.digest() != null ? ref.digest().sameAlgorithmOf(bytes)
        : Digest.sha256(bytes);
    if (ref.digest() != null && !actual.equals(ref.digest())) {
      throw new JaciException(what + ": the registry sent a manifest whose digest is " + actual);
    }
    checkContentDigest(r, actual, what + ": the registry sent a manifest whose digest is "
        + actual + ", but says it is ");
    return new RegistryManifest(bytes, mediaType(r, bytes), actual);
  }

  /**
   * Opens blob {@code digest} of {@code repo}'s repository, following redirects (to blob
   * storage, without the registry's credentials); the size is not checked.
   *
   * @see #blob(ImageReference, Digest, long)
   */
  public InputStream blob(ImageReference repo, Digest digest) throws JaciException {
    return blob(repo, digest, -1);
  }

  /**
   * Opens blob {@code digest} of {@code repo}'s repository for reading.
   *
   * <p>The contract: the stream hashes what it delivers, and the read that reaches the end
   * throws an {@link IOException} (one line naming the blob) instead of returning -1 if the
   * content does not match {@code digest} or {@code expectedSize}; it also throws as soon as
   * the content is longer than {@code expectedSize}. So a caller must read to the end (-1)
   * <em>before</em> it commits anything made from the content (renames a file into place,
   * commits a store transaction). Closing early skips the check.
   *
   * @param expectedSize the size from the blob's descriptor, or -1 if unknown
   * @throws JaciException if the blob is missing (404, naming it) or cannot be fetched
   */
  public InputStream blob(ImageReference repo, Digest digest, long expectedSize)
      throws JaciException {
    String what = repo.repositoryUrl() + ": blob " + digest;
    Call call = new Call("GET", http.api(repo, "blobs/" + digest), repo, Scopes.pull(repo),
        what).followRedirects().reading("blob " + digest);
    HttpResponse<InputStream> r = http.send(call);
    if (r.statusCode() == 404) {
      RegistryErrors.discard(r);
      throw new JaciException(what + " not found in the registry");
    }
    if (r.statusCode() != 200) {
      throw RegistryErrors.unexpected(what, r);
    }
    long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (expectedSize >= 0 && length >= 0 && length != expectedSize) {
      RegistryErrors.discard(r);
      throw new JaciException(what + ": the registry sends " + length + " bytes, but its"
          + " descriptor gives " + expectedSize);
    }
    return new VerifyingBlobStream(r.body(), digest, expectedSize, what);
  }

  /** Whether {@code repo}'s repository has blob {@code digest} (HEAD). */
  public boolean blobExists(ImageReference repo, Digest digest) throws JaciException {
    String what = repo.repositoryUrl() + ": blob " + digest;
    Call call = new Call("HEAD", http.api(repo, "blobs/" + digest), repo, Scopes.pull(repo),
        what).followRedirects();
    HttpResponse<InputStream> r = http.send(call);
    if (r.statusCode() == 200 || r.statusCode() == 404) {
      RegistryErrors.discard(r);
      return r.statusCode() == 200;
    }
    throw RegistryErrors.unexpected(what, r);
  }

  /**
   * Mounts blob {@code digest} from another repository of the same registry into
   * {@code target}'s repository, without sending its content.
   *
   * @return true if mounted; false if the registry declined (HTTP 202: it lacks the blob
   *     there, or does not mount), and the caller should {@link #pushBlob push} it instead
   */
  public boolean mountBlob(ImageReference target, String fromRepository, Digest digest)
      throws JaciException {
    return uploads.mount(target, fromRepository, digest);
  }

  /**
   * Uploads a blob from {@code content}, streaming: one PUT when {@code size} is known, a
   * streamed PATCH and a closing PUT when it is -1. The content is checked against
   * {@code digest} and {@code size} as it is sent, and a mismatch aborts the upload.
   * The caller stays responsible for closing {@code content}.
   */
  public void pushBlob(ImageReference repo, Digest digest, long size, InputStream content)
      throws JaciException {
    uploads.push(repo, digest, size, content);
  }

  /**
   * Stores {@code manifest} under {@code target}'s tag (or digest).
   *
   * @return the manifest's digest (checked against the registry's answer)
   */
  public Digest putManifest(ImageReference target, String mediaType, byte[] manifest)
      throws JaciException {
    Digest digest = target.digest() != null ? target.digest().sameAlgorithmOf(manifest)
        : Digest.sha256(manifest);
    if (target.digest() != null && !digest.equals(target.digest())) {
      throw new IllegalArgumentException(target + ": the manifest's digest is " + digest);
    }
    String what = target + ": pushing the manifest";
    byte[] body = manifest.clone();
    Call call = new Call("PUT", http.api(target, "manifests/" + target.reference()), target,
        Scopes.push(target), what).header("Content-Type", mediaType)
        .body(() -> BodyPublishers.ofByteArray(body));
    HttpResponse<InputStream> r = http.send(call);
    if (r.statusCode() != 201) {
      throw RegistryErrors.unexpected(what, r);
    }
    checkContentDigest(r, digest, what + ": the registry stored it as ");
    RegistryErrors.discard(r);
    return digest;
  }

  /** The tags of {@code repo}'s repository, following the registry's pagination. */
  public List<String> tags(ImageReference repo) throws JaciException {
    String what = repo.repositoryUrl();
    List<String> tags = new ArrayList<>();
    URI uri = http.api(repo, "tags/list");
    while (uri != null) {
      Call call = new Call("GET", uri, repo, Scopes.pull(repo), what + ": listing tags")
          .reading("the tag list");
      HttpResponse<InputStream> r = http.send(call);
      if (r.statusCode() == 404) {
        RegistryErrors.discard(r);
        throw new JaciException(what + ": no such repository");
      }
      if (r.statusCode() != 200) {
        throw RegistryErrors.unexpected(call.what, r);
      }
      for (JsonNode t : readJson(r, call.what).path("tags")) {
        tags.add(t.asText());
      }
      Matcher next = NEXT_LINK.matcher(r.headers().firstValue("Link").orElse(""));
      uri = next.find() ? uri.resolve(next.group(1)) : null;
    }
    return List.copyOf(tags);
  }

  private static JaciException notFound(ImageReference ref, ErrorBody body) {
    if (body.has("NAME_UNKNOWN")) {
      return new JaciException(ref + ": no such repository in the registry");
    }
    return new JaciException(ref + ": " + (ref.digest() != null
        ? "no manifest " + ref.digest() : "no tag \"" + ref.tag() + "\"") + " in "
        + ref.repositoryUrl());
  }

  private static byte[] readManifest(HttpResponse<InputStream> r, String what)
      throws JaciException {
    try (InputStream in = r.body()) {
      byte[] bytes = in.readNBytes(MAX_MANIFEST + 1);
      if (bytes.length > MAX_MANIFEST) {
        throw new JaciException(what + ": the manifest is larger than " + (MAX_MANIFEST >> 20)
            + " MiB; that is no image manifest");
      }
      return bytes;
    } catch (IOException e) {
      throw RegistryErrors.connection(what + ": reading the manifest", r.uri(), e);
    }
  }

  private static JsonNode readJson(HttpResponse<InputStream> r, String what)
      throws JaciException {
    try (InputStream in = r.body()) {
      return JSON.readTree(in.readNBytes(MAX_MANIFEST));
    } catch (IOException e) {
      throw new JaciException(what + ": the registry's answer is not JSON", e);
    }
  }

  private static String mediaType(HttpResponse<InputStream> r, byte[] bytes) {
    String type = r.headers().firstValue("Content-Type").orElse("");
    int semicolon = type.indexOf(';');
    type = (semicolon >= 0 ? type.substring(0, semicolon) : type).trim();
    if (type.isEmpty() || type.equals("application/json") || type.equals("text/plain")) {
      try {
        String field = JSON.readTree(bytes).path("mediaType").asText("");
        return field.isEmpty() ? type : field;
      } catch (IOException e) {
        return type;
      }
    }
    return type;
  }

  /** Fails if the answer's {@code Docker-Content-Digest} (same algorithm) differs. */
  private static void checkContentDigest(HttpResponse<InputStream> r, Digest actual,
      String message) throws JaciException {
    Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
    if (header.isEmpty()) {
      return;
    }
    Digest said;
    try {
      said = Digest.parse(header.get().trim());
    } catch (IllegalArgumentException e) {
      return; // an algorithm jaci does not know: the bytes were checked otherwise
    }
    if (said.algorithm().equals(actual.algorithm()) && !said.equals(actual)) {
      RegistryErrors.discard(r);
      throw new JaciException(message + said);
    }
  }

  /** Options of a {@link RegistryClient}. */
  public static final class Builder {
    private boolean insecure;
    private Credentials credentials;
    private Path dockerConfig;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /** Plain HTTP instead of HTTPS (for registries on 127.0.0.1 in tests, say). */
    public Builder insecure(boolean plainHttp) {
      this.insecure = plainHttp;
      return this;
    }

    /** Credentials for every registry (the CLI's {@code --creds}); null: Docker's config. */
    public Builder credentials(Credentials creds) {
      this.credentials = creds;
      return this;
    }

    /**
     * Docker's {@code config.json} to read credentials from; default
     * {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}.
     */
    public Builder dockerConfig(Path configJson) {
      this.dockerConfig = configJson;
      return this;
    }

    /**
     * Time to connect, to wait for an answer's headers (uploads excepted), and for each read
     * of an answer's body (default {@link #DEFAULT_TIMEOUT}).
     */
    public Builder timeout(Duration t) {
      this.timeout = Objects.requireNonNull(t);
      return this;
    }

    public RegistryClient build() {
      HttpClient client = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(timeout)
          .build();
      Credentials fixed = credentials;
      Path config = dockerConfig != null ? dockerConfig
          : DockerConfigCredentials.locate(System::getenv, System.getProperty("user.home"));
      RegistryAuth.CredentialSource source = fixed != null
          ? registry -> Optional.of(fixed)
          : registry -> DockerConfigCredentials.lookup(config, registry);
      return new RegistryClient(new RegistryHttp(client, insecure, timeout,
          new RegistryAuth(client, insecure, timeout, source)));
    }
  }
}
