package io.jaci.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {
  @TempDir
  Path tmp;

  @Test
  void locate_honoursDockerConfig() {
    assertThat(DockerConfigCredentials.locate(Map.of("DOCKER_CONFIG", "/etc/dc")::get, "/home/u"))
        .isEqualTo(Path.of("/etc/dc/config.json"));
    assertThat(DockerConfigCredentials.locate(Map.<String, String>of()::get, "/home/u"))
        .isEqualTo(Path.of("/home/u/.docker/config.json"));
  }

  @Test
  void lookup_authFieldAndUsernamePassword_matchedByHost() throws Exception {
    // "dXNlcjpwYTpzcw==" is base64 of "user:pa:ss", written by hand
    Path config = write("{\"auths\": {"
        + "\"https://one.example:5000/v1/\": {\"auth\": \"dXNlcjpwYTpzcw==\"},"
        + "\"two.example\": {\"username\": \"bob\", \"password\": \"secret\"},"
        + "\"three.example\": {}}, \"credsStore\": \"desktop\"}");
    assertThat(DockerConfigCredentials.lookup(config, "one.example:5000"))
        .contains(new Credentials("user", "pa:ss"));
    assertThat(DockerConfigCredentials.lookup(config, "two.example"))
        .contains(new Credentials("bob", "secret"));
    assertThat(DockerConfigCredentials.lookup(config, "three.example")).isEmpty();
    assertThat(DockerConfigCredentials.lookup(config, "one.example")).isEmpty();
  }

  @Test
  void lookup_missingFileIsNoCredentials() throws Exception {
    assertThat(DockerConfigCredentials.lookup(tmp.resolve("none.json"), "h")).isEmpty();
  }

  @Test
  void lookup_badFilesSayWhatToDo() throws Exception {
    Path broken = write("{not json");
    assertThatThrownBy(() -> DockerConfigCredentials.lookup(broken, "h"))
        .isInstanceOf(JaciException.class)
        .hasMessageStartingWith("reading registry credentials: " + broken + ": ")
        .hasMessageEndingWith("(fix the file or pass --creds USER:PASSWORD)");
    Path badAuth = write("{\"auths\": {\"h\": {\"auth\": \"bm9jb2xvbg==\"}}}"); // "nocolon"
    assertThatThrownBy(() -> DockerConfigCredentials.lookup(badAuth, "h"))
        .hasMessage(badAuth + ": auths[\"h\"]: the stored credentials are not base64 of"
            + " USER:PASSWORD (log in again or pass --creds USER:PASSWORD)");
  }

  @Test
  void credentials_toStringHidesThePassword() {
    assertThat(Credentials.parse("u:p@ss").toString()).isEqualTo("Credentials[u:***]");
    assertThatThrownBy(() -> Credentials.parse("nopassword"))
        .hasMessage("invalid credentials: expected USER:PASSWORD");
  }

  private Path write(String json) throws IOException {
    Path p = Files.createTempFile(tmp, "config", ".json");
    Files.writeString(p, json);
    return p;
  }
}
