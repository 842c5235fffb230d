package io.jaci.core.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password for HTTP basic auth: a registry, a token server, an appc push
 * server or an {@code auth.d} entry. {@link #toString()} never shows
 * the password.
 */
public record Credentials(String username, String password) {
  /** Both must be non-null; the user name non-empty and without ':'. */
  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isEmpty() || username.contains(":")) {
      throw new IllegalArgumentException("invalid user name \"" + username
          + "\": it must be non-empty and have no ':'");
    }
  }

  /**
   * Parses {@code USER:PASSWORD} (the form of {@code --creds}); the password may hold ':'.
   *
   * @throws IllegalArgumentException without repeating the password
   */
  public static Credentials parse(String userColonPassword) {
    int colon = userColonPassword.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("invalid credentials: expected USER:PASSWORD");
    }
    return new Credentials(userColonPassword.substring(0, colon),
        userColonPassword.substring(colon + 1));
  }

  /** The value of an {@code Authorization: Basic} header. */
  public String basicAuthorization() {
    return "Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[" + username + ":***]";
  }
}
