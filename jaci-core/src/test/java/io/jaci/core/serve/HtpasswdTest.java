package io.jaci.core.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file of jaci serve: lines made by Apache's htpasswd (-B, -s, -m). */
class HtpasswdTest {
  // htpasswd -nbB -C 5 alice secret; htpasswd -nbs bob password
  private static final String ALICE =
      "alice:$2y$05$ZoNRvqoApy2zFdADPOhiReZJgqaiwY5TQ/jquOKsDfO59A0r9Z40S";
  private static final String BOB = "bob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=";

  @TempDir
  Path tmp;

  @Test
  void bcryptAndSha_checkTheRightPasswordOnly() throws Exception {
    Htpasswd users = Htpasswd.read(Files.writeString(tmp.resolve("users"),
        "# users\n" + ALICE + "\n\n" + BOB + "\n"));
    assertThat(users.check("alice", "secret")).isTrue();
    assertThat(users.check("alice", "Secret")).isFalse();
    assertThat(users.check("bob", "password")).isTrue();
    assertThat(users.check("bob", "secret")).isFalse();
    assertThat(users.check("carol", "secret")).isFalse();
    assertThat(users.check("alice", "")).isFalse();
  }

  @Test
  void md5AndPlainText_areRefusedWhenTheFileIsRead_namingLineAndUser() throws Exception {
    Path md5 = Files.writeString(tmp.resolve("md5"), ALICE + "\ncarol:$apr1$b6pjrtRZ$"
        + "1NBDQoK6NBHttTmwGUc9u.\n");
    assertThatThrownBy(() -> Htpasswd.read(md5)).isInstanceOf(JaciException.class)
        .hasMessageContaining("line 2").hasMessageContaining("\"carol\"")
        .hasMessageContaining("MD5 $apr1$").hasMessageContaining("htpasswd -B");
    Path plain = Files.writeString(tmp.resolve("plain"), "dave:hunter2\n");
    assertThatThrownBy(() -> Htpasswd.read(plain)).hasMessageContaining("plain text");
    Path broken = Files.writeString(tmp.resolve("broken"), "no colon here\n");
    assertThatThrownBy(() -> Htpasswd.read(broken)).hasMessageContaining("USER:HASH");
  }
}
