package io.jaci.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import io.jaci.core.io.IoMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Credentials from Docker's client configuration, {@code $DOCKER_CONFIG/config.json} or
 * {@code ~/.docker/config.json}: {@code auths[HOST].auth} (base64 of {@code user:password}) or
 * {@code auths[HOST].username} and {@code password}. Keys may carry a scheme or a path
 * ({@code https://host:5000/v1/}); they match on {@code HOST[:PORT]}. Credential helpers
 * ({@code credsStore}, {@code credHelpers}) are not run.
 *
 * <pre>{@code
 * {"auths": {"registry.example.com:5000": {"auth": "dXNlcjpwYXNz"}}}
 * }</pre>
 */
final class DockerConfigCredentials {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerConfigCredentials() {}

  /** Where the configuration is, given an environment lookup and the user's home. */
  static Path locate(UnaryOperator<String> env, String userHome) {
    String dir = env.apply("DOCKER_CONFIG");
    if (dir != null && !dir.isEmpty()) {
      return Path.of(dir, "config.json");
    }
    return Path.of(userHome, ".docker", "config.json");
  }

  /** The credentials stored for {@code registry} in {@code config}; empty if none or no file. */
  static Optional<Credentials> lookup(Path config, String registry) throws JaciException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(config, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new JaciException("reading registry credentials: " + IoMessages.about(config, e)
          + " (fix the file or pass --creds USER:PASSWORD)", e);
    }
    JsonNode auths = root == null ? null : root.get("auths");
    if (auths == null || !auths.isObject()) {
      return Optional.empty();
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (hostOf(e.getKey()).equals(registry)) {
        return Optional.ofNullable(credentials(e.getValue(), config, e.getKey()));
      }
    }
    return Optional.empty();
  }

  private static Credentials credentials(JsonNode entry, Path config, String key)
      throws JaciException {
    try {
      String auth = entry.path("auth").asText("");
      if (!auth.isEmpty()) {
        return Credentials.parse(
            new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8));
      }
      String user = entry.path("username").asText("");
      if (!user.isEmpty()) {
        return new Credentials(user, entry.path("password").asText(""));
      }
      return null;
    } catch (IllegalArgumentException e) {
      throw new JaciException(config + ": auths[\"" + key + "\"]: the stored credentials are"
          + " not base64 of USER:PASSWORD (log in again or pass --creds USER:PASSWORD)", e);
    }
  }

  /** {@code https://host:5000/v1/} -> {@code host:5000}. */
  static String hostOf(String key) {
    String s = key;
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int slash = s.indexOf('/');
    return slash >= 0 ? s.substring(0, slash) : s;
  }
}
