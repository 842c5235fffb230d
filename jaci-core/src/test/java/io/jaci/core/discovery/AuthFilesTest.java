package io.jaci.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.registry.Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AuthFiles from auth.d (issue 13): sent over HTTPS to their host only, never over plain
 * HTTP and never to another host after a redirect; the user's file wins over the system's.
 */
class AuthFilesTest {
  @TempDir Path tmp;

  private AuthFiles write(String systemJson, String userJson) throws Exception {
    Path sys = Files.createDirectories(tmp.resolve("etc/auth.d"));
    Path user = Files.createDirectories(tmp.resolve("user/auth.d"));
    if (systemJson != null) {
      Files.writeString(sys.resolve("a.json"), systemJson);
    }
    if (userJson != null) {
      Files.writeString(user.resolve("b.json"), userJson);
    }
    return AuthFiles.load(sys, user);
  }

  private static String basic(String domain, String user, String password) {
    return "{\"jaciKind\":\"auth\",\"domains\":[\"" + domain + "\"],\"type\":\"basic\","
        + "\"credentials\":{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}}";
  }

  private static String expected(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sentOverHttpsToItsHost_notToAnotherHostAfterARedirect() throws Exception {
    AuthFiles c = write(null, basic("127.0.0.1", "bob", "secret"));
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LocalServer tls = LocalServer.https(tmp)) {
      tls.on("/example.com/app", x -> {
        seen.add(x.getRequestHeaders().getFirst("Host") + " "
            + x.getRequestHeaders().getFirst("Authorization"));
        LocalServer.redirect(x, "https://localhost:" + tls.port() + "/moved");
      });
      tls.on("/moved", x -> {
        seen.add(x.getRequestHeaders().getFirst("Host") + " "
            + x.getRequestHeaders().getFirst("Authorization"));
        LocalServer.send(x, 404, new byte[0]);
      });
      ImageRequest r = ImageRequest.parse("127.0.0.1:" + tls.port() + "/example.com/app");
      try {
        new Discovery(Duration.ofSeconds(5), EnumSet.of(InsecureOptions.TLS), c).discover(r);
      } catch (io.jaci.core.JaciException expectedNoTemplate) {
        // the pages give no template: only the headers matter here
      }
    }
    assertThat(seen).startsWith("127.0.0.1:" + seen.get(0).split(":")[1].split(" ")[0] + " "
        + expected("bob", "secret"));
    assertThat(seen.get(1)).startsWith("localhost:").endsWith(" null");
  }

  @Test
  void neverSentOverPlainHttp() throws Exception {
    AuthFiles c = write(basic("127.0.0.1", "bob", "secret"), null);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (LocalServer http = LocalServer.http()) {
      http.on("/", x -> {
        seen.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
        LocalServer.send(x, 404, new byte[0]);
      });
      ImageRequest r = ImageRequest.parse("127.0.0.1:" + http.port() + "/example.com/app");
      try {
        new Discovery(Duration.ofSeconds(1), EnumSet.of(InsecureOptions.HTTP), c).discover(r);
      } catch (io.jaci.core.JaciException expectedNoTemplate) {
        // nothing to find
      }
    }
    assertThat(seen).isNotEmpty().containsOnly("null");
  }

  @Test
  void theUsersFileWins_badFilesAreNamed() throws Exception {
    AuthFiles c = write(basic("example.com", "system", "s"), basic("example.com", "me", "m"));
    assertThat(c.header(java.net.URI.create("https://example.com/x")))
        .hasValue(expected("me", "m"));
    assertThat(c.header(java.net.URI.create("http://example.com/x"))).isEmpty();
    assertThat(c.header(java.net.URI.create("https://other.example.com/x"))).isEmpty();
    Files.writeString(tmp.resolve("user/auth.d/c.json"), "{\"jaciKind\":\"auth\"}");
    assertThat(AuthFiles.load(tmp.resolve("etc/auth.d"), tmp.resolve("user/auth.d"))
        .problems()).singleElement().asString().contains("c.json", "not a jaci auth file");
  }

  /** jaci push reads the same files as jaci fetch: one auth.d reader, rkt's own files too. */
  @Test
  void pushAndFetchReadOneAuthD_rktFilesIncluded_userWins() throws Exception {
    String rktFile = "{\"rktKind\":\"auth\",\"rktVersion\":\"v1\",\"domains\":"
        + "[\"Images.Example.com\"],\"type\":\"basic\",\"credentials\":{\"user\":\"alice\","
        + "\"password\":\"s3cret\"}}";
    AuthFiles c = write(rktFile, null);
    assertThat(c.problems()).isEmpty();
    assertThat(c.basicFor("images.example.com")).contains(new Credentials("alice", "s3cret"));
    assertThat(c.basicFor("other.example.com")).isEmpty();
    assertThat(c.basicFor("images.example.com").orElseThrow().toString())
        .doesNotContain("s3cret");

    AuthFiles both = write(rktFile, basic("images.example.com", "bob", "pw"));
    assertThat(both.basicFor("images.example.com")).contains(new Credentials("bob", "pw"));
  }
}
