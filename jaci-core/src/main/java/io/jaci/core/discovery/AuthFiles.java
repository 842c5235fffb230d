package io.jaci.core.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.registry.Credentials;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials per domain, as rkt's {@code auth.d}: JSON files {@code *.json} in {@code
 * /etc/jaci/auth.d} and then {@code $XDG_CONFIG_HOME/jaci/auth.d} (the user's file wins for a
 * domain both name), read by {@code jaci fetch} and {@code jaci push} alike. Each is
 * (rkt's own files, with {@code "rktKind": "auth"}, are read as they are)
 * <pre>{@code
 * {"jaciKind": "auth", "domains": ["example.com"], "type": "basic",
 *  "credentials": {"user": "bob", "password": "secret"}}
 * {"jaciKind": "auth", "domains": ["example.com"], "type": "bearer",
 *  "credentials": {"token": "..."}}
 * }</pre>
 * An {@code Authorization} header is only ever made for an {@code https://} URL whose host is
 * one of the domains.
 */
public final class AuthFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_FILE_BYTES = 64 << 10;

  private final Map<String, String> headers;
  private final Map<String, Credentials> basics;
  private final List<String> problems;

  private AuthFiles(Map<String, String> headers, Map<String, Credentials> basics,
      List<String> problems) {
    this.headers = Map.copyOf(headers);
    this.basics = Map.copyOf(basics);
    this.problems = List.copyOf(problems);
  }

  public static AuthFiles none() {
    return new AuthFiles(Map.of(), Map.of(), List.of());
  }

  /** Reads {@code auth.d} of the system level, then of the user's (which wins). */
  public static AuthFiles load(Path systemDir, Path userDir) {
    Map<String, String> headers = new HashMap<>();
    Map<String, Credentials> basics = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Path dir : new Path[] {systemDir, userDir}) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
        for (Path f : files) {
          read(f, headers, basics, problems);
        }
      } catch (IOException e) {
        problems.add(dir + ": " + e.getMessage());
      }
    }
    return new AuthFiles(headers, basics, problems);
  }

  /** {@code /etc/jaci/auth.d} and {@code $XDG_CONFIG_HOME/jaci/auth.d}. */
  public static AuthFiles defaults() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path config = xdg != null && !xdg.isEmpty() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".config");
    return load(Path.of("/etc/jaci/auth.d"), config.resolve("jaci/auth.d"));
  }

  /** Files that were ignored, and why (for warnings). */
  public List<String> problems() {
    return problems;
  }

  /** The {@code Authorization} header for {@code uri}: only over HTTPS, only for its domain. */
  Optional<String> header(URI uri) {
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(headers.get(uri.getHost().toLowerCase(Locale.ROOT)));
  }

  /** The user and password of a {@code basic} entry for {@code host}, if there is one. */
  public Optional<Credentials> basicFor(String host) {
    return Optional.ofNullable(basics.get(host.toLowerCase(Locale.ROOT)));
  }

  private static void read(Path f, Map<String, String> headers, Map<String, Credentials> basics,
      List<String> problems) {
    try {
      if (Files.size(f) > MAX_FILE_BYTES) {
        problems.add(f + ": over 64 KiB, ignored");
        return;
      }
      JsonNode n = JSON.readTree(Files.readAllBytes(f));
      String type = n.path("type").asText("");
      JsonNode c = n.path("credentials");
      Credentials basic = null;
      if (type.equals("basic") && c.hasNonNull("user") && c.hasNonNull("password")) {
        try {
          basic = new Credentials(c.get("user").asText(), c.get("password").asText());
        } catch (IllegalArgumentException e) {
          basic = null; // an empty user name, or one with ':': not usable for basic auth
        }
      }
      String header = switch (type) {
        case "basic" -> basic == null ? null : basic.basicAuthorization();
        case "bearer", "oauth" -> c.hasNonNull("token") ? "Bearer " + c.get("token").asText()
            : null;
        default -> null;
      };
      boolean auth = "auth".equals(n.path("jaciKind").asText())
          || "auth".equals(n.path("rktKind").asText());
      if (!auth || header == null
          || !n.path("domains").isArray() || header.indexOf('\n') >= 0
          || header.indexOf('\r') >= 0) {
        problems.add(f + ": not a jaci auth file (jaciKind or rktKind auth, domains, type basic"
            + " or bearer with its credentials), ignored");
        return;
      }
      for (JsonNode d : n.get("domains")) {
        String domain = d.asText().toLowerCase(Locale.ROOT);
        headers.put(domain, header);
        if (basic != null) {
          basics.put(domain, basic);
        } else {
          basics.remove(domain);
        }
      }
    } catch (IOException e) {
      problems.add(f + ": " + e.getMessage().split("\n")[0] + ", ignored");
    }
  }
}
