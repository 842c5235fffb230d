package io.jaci.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.io.TimedBodyStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization headers for a registry, learnt from its {@code WWW-Authenticate} challenges:
 * {@code Basic} with the credentials, or {@code Bearer} with a token from the challenge's realm
 * ({@code ?service=...&scope=...}, anonymous or with the credentials' Basic auth). Tokens are
 * kept per registry and scope set until shortly before they expire; once a registry's scheme is
 * known, requests carry the header from the start. Safe for concurrent use: threads needing
 * the same token wait for one fetch of it.
 */
final class RegistryAuth {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEFAULT_TOKEN_SECONDS = 60;
  private static final long EXPIRY_MARGIN_SECONDS = 10;
  private static final int MAX_TOKEN_RESPONSE = 1 << 20;

  /** Where credentials come from, per registry {@code HOST[:PORT]}. */
  interface CredentialSource {
    Optional<Credentials> forRegistry(String registry) throws JaciException;
  }

  private record Token(String value, Instant expires) {}

  private final HttpClient client;
  private final boolean insecure;
  private final Duration timeout;
  private final CredentialSource credentialSource;
  private final Map<String, AuthChallenge> challenges = new ConcurrentHashMap<>();
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Map<String, Optional<Credentials>> credentials = new ConcurrentHashMap<>();
  private final Map<String, Object> fetchLocks = new ConcurrentHashMap<>();

  RegistryAuth(HttpClient client, boolean insecure, Duration timeout, CredentialSource source) {
    this.client = client;
    this.insecure = insecure;
    this.timeout = timeout;
    this.credentialSource = source;
  }

  /**
   * The {@code Authorization} value for a request to {@code registry} needing {@code scopes},
   * or null while the registry has not asked for authentication.
   */
  String header(String registry, List<String> scopes, String what) throws JaciException {
    AuthChallenge challenge = challenges.get(registry);
    if (challenge == null) {
      return null;
    }
    if (challenge.scheme().equals("basic")) {
      return credentials(registry).map(Credentials::basicAuthorization).orElse(null);
    }
    String key = tokenKey(registry, scopes);
    Token token = valid(tokens.get(key));
    if (token == null) {
      synchronized (lock(key)) {
        token = valid(tokens.get(key));
        if (token == null) {
          token = fetchToken(registry, scopes, challenge, what);
        }
      }
    }
    return "Bearer " + token.value();
  }

  private static Token valid(Token t) {
    return t != null && Instant.now().isBefore(t.expires()) ? t : null;
  }

  private Object lock(String key) {
    return fetchLocks.computeIfAbsent(key, k -> new Object());
  }

  /**
   * Learns from a 401 answer's challenges how {@code registry} authenticates and, for Bearer,
   * fetches a fresh token for {@code scopes} (unless another thread has just done so).
   *
   * @param rejected the Authorization value the refused request carried, or null
   *
   * @throws JaciException when there is no challenge jaci can answer, or Basic without
   *     credentials
   */
  void challenged(String registry, List<String> scopes, List<AuthChallenge> offered,
      String rejected, String what) throws JaciException {
    AuthChallenge bearer = AuthChallenge.find(offered, "bearer");
    if (bearer != null && bearer.parameter("realm") != null) {
      challenges.put(registry, bearer);
      String key = tokenKey(registry, scopes);
      synchronized (lock(key)) {
        Token current = valid(tokens.get(key));
        // another thread may have fetched a token since this request was sent: use that one
        if (current == null || ("Bearer " + current.value()).equals(rejected)) {
          fetchToken(registry, scopes, bearer, what);
        }
      }
      return;
    }
    if (AuthChallenge.find(offered, "basic") != null) {
      if (credentials(registry).isEmpty()) {
        throw refused(registry, what);
      }
      challenges.put(registry, AuthChallenge.find(offered, "basic"));
      return;
    }
    if (offered.isEmpty()) {
      throw refused(registry, what); // a 401 without a challenge: nothing else to try
    }
    throw new JaciException(what + ": the registry asks for an authentication jaci does not"
        + " support (" + offered.get(0).scheme() + ")");
  }

  /** The message for a request still refused after authenticating. */
  JaciException refused(String registry, String what) throws JaciException {
    Optional<Credentials> c = credentials(registry);
    if (c.isEmpty()) {
      return new JaciException(what + ": the registry needs credentials: pass --creds"
          + " USER:PASSWORD or add them for " + registry + " to ~/.docker/config.json");
    }
    return new JaciException(what + ": the registry refused the credentials of user \""
        + c.get().username() + "\" (wrong password, or no access to this repository)");
  }

  private Optional<Credentials> credentials(String registry) throws JaciException {
    Optional<Credentials> c = credentials.get(registry);
    if (c == null) {
      c = credentialSource.forRegistry(registry);
      credentials.put(registry, c);
    }
    return c;
  }

  private Token fetchToken(String registry, List<String> scopes, AuthChallenge challenge,
      String what) throws JaciException {
    URI uri = tokenUri(challenge, scopes, what);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
        .header("User-Agent", RegistryHttp.USER_AGENT);
    Optional<Credentials> c = credentials(registry);
    c.ifPresent(creds -> request.header("Authorization", creds.basicAuthorization()));
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), TimedBodyStream.handler(timeout,
          "registry " + RegistryHttp.hostAndPort(uri), "a token", RegistryHttp.STALL_HINT));
    } catch (IOException e) {
      throw RegistryErrors.connection(what + ": getting a token", uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JaciException(what + ": interrupted while getting a token", e);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      RegistryErrors.discard(response);
      throw refused(registry, what + ": token server " + uri.getHost());
    }
    if (status != 200) {
      throw RegistryErrors.unexpected(what + ": token server " + uri.getHost(), response);
    }
    Token token = parseToken(response, what);
    tokens.put(tokenKey(registry, scopes), token);
    return token;
  }

  private URI tokenUri(AuthChallenge challenge, List<String> scopes, String what)
      throws JaciException {
    String realm = challenge.parameter("realm");
    URI base;
    try {
      base = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new JaciException(what + ": the registry names an invalid token realm \"" + realm
          + "\"", e);
    }
    if (!"https".equals(base.getScheme()) && !("http".equals(base.getScheme()) && insecure)) {
      throw new JaciException(what + ": the registry's token realm " + realm + " is not"
          + " HTTPS; allow plain HTTP with --insecure if you trust it");
    }
    StringBuilder query = new StringBuilder();
    String service = challenge.parameter("service");
    if (service != null) {
      query.append("service=").append(encode(service));
    }
    for (String scope : scopes) {
      query.append(query.length() > 0 ? "&" : "").append("scope=").append(encode(scope));
    }
    String sep = realm.contains("?") ? "&" : "?";
    return query.length() == 0 ? base : URI.create(realm + sep + query);
  }

  private static Token parseToken(HttpResponse<InputStream> response, String what)
      throws JaciException {
    try (InputStream in = response.body()) {
      JsonNode json = JSON.readTree(in.readNBytes(MAX_TOKEN_RESPONSE));
      String value = json.path("token").asText("");
      if (value.isEmpty()) {
        value = json.path("access_token").asText("");
      }
      if (value.isEmpty()) {
        throw new JaciException(what + ": the token server's answer has no token");
      }
      long seconds = json.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS);
      long keep = Math.max(0, (seconds > 0 ? seconds : DEFAULT_TOKEN_SECONDS)
          - EXPIRY_MARGIN_SECONDS);
      return new Token(value, Instant.now().plusSeconds(keep));
    } catch (IOException e) {
      throw new JaciException(what + ": the token server's answer is not JSON: "
          + e.getMessage(), e);
    }
  }

  private static String tokenKey(String registry, List<String> scopes) {
    return registry + " " + String.join(" ", scopes);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
