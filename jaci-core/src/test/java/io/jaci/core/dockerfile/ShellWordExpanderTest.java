package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The expansion and word-splitting rules, from BuildKit's published shell lexer vectors
 * (src/test/resources/io/jaci/core/dockerfile/VECTORS.md says where they come from).
 */
class ShellWordExpanderTest {
  private final ShellWordExpander expander = new ShellWordExpander('\\');

  static List<String> resourceLines(String name) throws IOException {
    try (InputStream in = ShellWordExpanderTest.class.getResourceAsStream(name)) {
      return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    }
  }

  static Stream<Arguments> envVarVectors() throws IOException {
    List<Arguments> out = new ArrayList<>();
    int n = 0;
    for (String line : resourceLines("envVarTest")) {
      n++;
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] parts = line.strip().split("\\|", -1);
      assertThat(parts).as("envVarTest line %d", n).hasSize(3);
      String platform = parts[0].strip();
      if (platform.equals("A") || platform.equals("U")) {
        out.add(Arguments.of(n, parts[1].strip(), parts[2].strip()));
      }
    }
    assertThat(out).hasSizeGreaterThan(200);
    return out.stream();
  }

  @ParameterizedTest(name = "envVarTest line {0}: {1} -> {2}")
  @MethodSource("envVarVectors")
  void expand_buildkitEnvVarVectors(int line, String input, String expected) throws Exception {
    Map<String, String> env = Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어",
        "NULL", "");
    if (expected.equals("error")) {
      assertOneLineError(() -> expander.expand(input, env::get));
    } else {
      assertThat(expander.expand(input, env::get)).isEqualTo(expected);
    }
  }

  static Stream<Arguments> wordsVectors() throws IOException {
    List<Arguments> out = new ArrayList<>();
    List<String> env = new ArrayList<>();
    int n = 0;
    for (String line : resourceLines("wordsTest")) {
      n++;
      if (line.startsWith("#") || line.isEmpty()) {
        continue;
      }
      if (line.startsWith("ENV ")) {
        env.add(line.substring(3).replaceFirst("^ +", ""));
        continue;
      }
      String[] parts = line.split("\\|", -1);
      assertThat(parts).as("wordsTest line %d", n).hasSize(2);
      out.add(Arguments.of(n, parts[0].strip(), List.of(parts[1].replaceFirst("^ +", "")
          .split(",", -1)), List.copyOf(env)));
    }
    assertThat(out).hasSizeGreaterThan(20);
    return out.stream();
  }

  @ParameterizedTest(name = "wordsTest line {0}: {1} -> {2}")
  @MethodSource("wordsVectors")
  void expandWords_buildkitWordsVectors(int line, String input, List<String> expected,
      List<String> envLines) throws Exception {
    Map<String, String> env = new HashMap<>();
    for (String e : envLines) {
      int eq = e.indexOf('=');
      env.put(e.substring(0, eq), e.substring(eq + 1));
    }
    if (expected.equals(List.of("error"))) {
      assertOneLineError(() -> expander.expandWords(input, env::get));
    } else {
      assertThat(expander.expandWords(input, env::get)).isEqualTo(expected);
    }
  }

  static Stream<Arguments> substitutionVectors() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String line : resourceLines("substitutionVectors")) {
      String[] parts = line.split("\t", -1);
      assertThat(parts).as(line).hasSize(3);
      out.add(Arguments.of(parts[0], parts[1], parts[2]));
    }
    assertThat(out).hasSizeGreaterThan(50);
    return out.stream();
  }

  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @MethodSource("substitutionVectors")
  void expand_buildkitSubstitutionVectors(String input, String envText, String expected)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    if (!envText.equals("-")) {
      for (String e : envText.split(";")) {
        int eq = e.indexOf('=');
        env.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    if (expected.equals("error")) {
      assertOneLineError(() -> expander.expand(input, env::get));
    } else {
      assertThat(expander.expand(input, env::get)).isEqualTo(expected);
    }
  }

  @Test
  void mandatoryVariable_messageIsExpandedIntoTheError() {
    assertThatThrownBy(() -> expander.expand("${VAR:?message here$ARG}",
        Map.of("ARG", "x")::get)).hasMessageContaining("VAR: message herex");
  }

  @Test
  void backtickEscape_escapesLikeBackslash() throws Exception {
    ShellWordExpander bt = new ShellWordExpander('`');
    Map<String, String> env = Map.of("A", "1");
    assertThat(bt.expand("c:\\dir\\$A", env::get)).isEqualTo("c:\\dir\\1");
    assertThat(bt.expand("`$A", env::get)).isEqualTo("$A");
    assertThat(bt.expand("\"`\"$A\"", env::get)).isEqualTo("\"1");
  }

  @Test
  void expandRaw_treatsQuotesAsTextLikeAShellHeredoc() throws Exception {
    assertThat(expander.expandRaw("echo \"$A\" '$A' \\$A ${B:-'x'}\n", Map.of("A", "1")::get))
        .isEqualTo("echo \"1\" '1' $A 'x'\n");
    assertThat(new ShellWordExpander('`').expandRaw("a\\$A `$A\n", Map.of("A", "1")::get))
        .isEqualTo("a$A `1\n");
  }

  @Test
  void deepNesting_isAOneLineErrorNotAStackOverflow() {
    String deep = "${a:-".repeat(10_000) + "x" + "}".repeat(10_000);
    assertOneLineError(() -> expander.expand(deep, k -> null));
    assertThatThrownBy(() -> expander.expand(deep, k -> null))
        .hasMessageContaining("nested more than 64 deep");
  }

  @Test
  void nestingWithinTheLimit_expands() throws Exception {
    String ok = "${a:-".repeat(60) + "x" + "}".repeat(60);
    assertThat(expander.expand(ok, k -> null)).isEqualTo("x");
  }

  @Test
  void hostilePatterns_matchInLinearTime() throws Exception {
    String value = "a".repeat(20_000);
    String pattern = "*a".repeat(30) + "b";
    long t0 = System.nanoTime();
    assertThat(expander.expand("${V#" + pattern + "}", Map.of("V", value)::get))
        .isEqualTo(value);
    assertThat(expander.expand("${V//" + pattern + "/x}", Map.of("V", value)::get))
        .isEqualTo(value);
    assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
  }

  static void assertOneLineError(Executable e) {
    try {
      e.execute();
    } catch (DockerfileException x) {
      assertThat(x.getMessage()).doesNotContain("\n").hasSizeLessThanOrEqualTo(400);
      return;
    } catch (Throwable t) {
      throw new AssertionError("expected a DockerfileException, got " + t, t);
    }
    throw new AssertionError("expected a DockerfileException, got none");
  }
}
