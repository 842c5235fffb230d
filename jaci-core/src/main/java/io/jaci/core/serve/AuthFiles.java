package io.jaci.core.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Basic-auth credentials per domain from rkt-style {@code auth.d} files: {@code
 * $XDG_CONFIG_HOME/jaci/auth.d/*.json} (else {@code ~/.config/jaci/auth.d}), then {@code
 * /etc/jaci/auth.d/*.json}; the user's files win. A file looks like
 *
 * <pre>
 * {"rktKind": "auth", "rktVersion": "v1", "domains": ["images.example.com"],
 *  "type": "basic", "credentials": {"user": "alice", "password": "secret"}}
 * </pre>
 */
public final class AuthFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_FILE = 64 * 1024;

  private AuthFiles() {}

  /** The directories searched, user's first. */
  public static List<Path> directories() {
    List<Path> dirs = new ArrayList<>();
    String xdg = System.getenv("XDG_CONFIG_HOME");
    dirs.add(xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
        ? Path.of(xdg, "jaci", "auth.d")
        : Path.of(System.getProperty("user.home"), ".config", "jaci", "auth.d"));
    dirs.add(Path.of("/etc/jaci/auth.d"));
    return dirs;
  }

  /** The basic credentials for {@code host} in {@code dirs}, if a file names that domain. */
  public static Optional<AciPush.Credentials> basicFor(String host, List<Path> dirs) {
    String wanted = host.toLowerCase(Locale.ROOT);
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> list = Files.newDirectoryStream(dir, "*.json")) {
        list.forEach(files::add);
      } catch (IOException e) {
        continue;
      }
      files.sort(null);
      for (Path file : files) {
        Optional<AciPush.Credentials> found = read(file, wanted);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<AciPush.Credentials> read(Path file, String host) {
    try {
      if (Files.size(file) > MAX_FILE) {
        return Optional.empty();
      }
      JsonNode json = JSON.readTree(file.toFile());
      if (!"auth".equals(json.path("rktKind").asText()) || !"basic".equals(
          json.path("type").asText())) {
        return Optional.empty();
      }
      for (JsonNode domain : json.path("domains")) {
        if (domain.asText().toLowerCase(Locale.ROOT).equals(host)) {
          JsonNode c = json.path("credentials");
          return Optional.of(new AciPush.Credentials(c.path("user").asText(),
              c.path("password").asText()));
        }
      }
    } catch (IOException e) {
      // an unreadable file names no credentials
    }
    return Optional.empty();
  }
}
