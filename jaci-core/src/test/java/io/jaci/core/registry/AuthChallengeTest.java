package io.jaci.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Test
  void parse_bearerWithQuotedParameters() {
    List<AuthChallenge> c = AuthChallenge.parse(List.of("Bearer realm=\"https://auth.example.com"
        + "/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\""));
    assertThat(c).containsExactly(new AuthChallenge("bearer", Map.of(
        "realm", "https://auth.example.com/token",
        "service", "registry.example.com",
        "scope", "repository:a/b:pull,push")));
  }

  @Test
  void parse_severalChallengesInOneHeader_andAcrossHeaders() {
    List<AuthChallenge> c = AuthChallenge.parse(List.of(
        "Basic realm=\"x, y\", Bearer realm=\"https://t/\" , error=insufficient_scope",
        "Negotiate"));
    assertThat(c).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer",
        "negotiate");
    assertThat(c.get(0).parameter("realm")).isEqualTo("x, y");
    assertThat(c.get(1).parameters()).isEqualTo(
        Map.of("realm", "https://t/", "error", "insufficient_scope"));
    assertThat(AuthChallenge.find(c, "bearer")).isSameAs(c.get(1));
    assertThat(AuthChallenge.find(c, "digest")).isNull();
  }

  @Test
  void parse_escapesCaseAndSpaces() {
    List<AuthChallenge> c = AuthChallenge.parse(List.of(
        "  BASIC   Realm = \"a \\\"quoted\\\" realm\"  "));
    assertThat(c).containsExactly(
        new AuthChallenge("basic", Map.of("realm", "a \"quoted\" realm")));
  }

  @Test
  void parse_toleratesGarbage() {
    assertThat(AuthChallenge.parse(List.of("", ",,", "Bearer realm=\"unterminated")))
        .containsExactly(new AuthChallenge("bearer", Map.of("realm", "unterminated")));
  }
}
