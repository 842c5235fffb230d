package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BuildKit's parser test files (VECTORS.md): the logical lines jaci reads, printed the way
 * BuildKit's {@code Node.Dump} prints its parse tree, must equal BuildKit's {@code result}.
 */
class BuildkitParserFilesTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ADD-COPY-with-JSON", "args", "brimstone-consuldock",
      "brimstone-docker-consul", "continue-at-eof", "continueIndent", "cpuguy83-nagios", "docker",
      "env", "escape-after-comment", "escape-nonewline", "escape-with-syntax", "escape", "escapes",
      "flags", "health", "influxdb", "jeztah-invalid-json-json-inside-string-double",
      "jeztah-invalid-json-json-inside-string", "jeztah-invalid-json-single-quotes",
      "jeztah-invalid-json-unterminated-bracket", "jeztah-invalid-json-unterminated-string",
      "json", "kartar-entrypoint-oddities", "lk4d4-the-edge-case-generator", "mail",
      "multiple-volumes", "mumble", "nginx", "tf2", "trailing-backslash", "weechat", "znc"})
  void lineLayer_printsBuildkitsResult(String name) throws Exception {
    String dockerfile = resource("testfiles/" + name + "/Dockerfile");
    String expected = resource("testfiles/" + name + "/result");
    DockerfileParser parser = new DockerfileParser(dockerfile);
    StringBuilder dump = new StringBuilder();
    for (Node n : parser.readNodes()) {
      dump.append('(').append(dump(n, parser.escape())).append(")\n");
    }
    assertThat(dump.toString()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"empty_dockerfile", "env_no_value", "only_comments",
      "shykes-nested-json"})
  void negativeFiles_areOneLineErrors(String name) throws Exception {
    String dockerfile = resource("testfiles-negative/" + name + "/Dockerfile");
    ShellWordExpanderTest.assertOneLineError(() -> Dockerfile.parse(dockerfile));
  }

  static String resource(String path) throws IOException {
    try (InputStream in = BuildkitParserFilesTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** BuildKit's node dump: {@code cmd ["--flag"] "arg" "arg"}, per instruction's line parser. */
  private static String dump(Node n, char escape) throws DockerfileException {
    StringBuilder b = new StringBuilder(n.keyword().toLowerCase(Locale.ROOT));
    if (!n.flags().isEmpty()) {
      b.append(" [").append(String.join(" ", n.flags().stream().map(f -> goQuote(f)).toList()))
          .append(']');
    }
    for (String a : args(n, escape)) {
      b.append(a.startsWith("\0") ? " " + a.substring(1) : " " + goQuote(a));
    }
    return b.toString();
  }

  private static List<String> args(Node n, char escape) throws DockerfileException {
    String rest = n.rest();
    List<String> out = new ArrayList<>();
    switch (n.keyword().toLowerCase(Locale.ROOT)) {
      case "add", "copy", "volume" -> {
        List<String> json = JsonForm.parse(rest);
        out.addAll(json != null ? json : InstructionParser.words(rest));
      }
      case "cmd", "entrypoint", "run", "shell" -> maybeJson(rest, out);
      case "env", "label" -> {
        List<String> raw = HeredocWords.rawWords(rest, escape);
        boolean legacy = !raw.isEmpty() && !raw.get(0).contains("=");
        for (KeyValue kv : NameValues.pairs("X", rest, escape)) {
          out.add(kv.key());
          out.add(kv.value());
          out.add(legacy ? "" : "=");
        }
      }
      case "arg" -> out.addAll(HeredocWords.rawWords(rest, escape));
      case "expose", "from" -> out.addAll(InstructionParser.words(rest));
      case "healthcheck" -> {
        int sp = 0;
        while (sp < rest.length() && !Character.isWhitespace(rest.charAt(sp))) {
          sp++;
        }
        if (sp > 0) {
          out.add(rest.substring(0, sp));
          maybeJson(rest.substring(sp).strip(), out);
        }
      }
      case "onbuild" -> {
        int sp = 0;
        while (sp < rest.length() && !Character.isWhitespace(rest.charAt(sp))) {
          sp++;
        }
        FlagSplitter.Split split = FlagSplitter.split(rest.substring(sp), escape);
        Node sub = new Node(n.line(), rest.substring(0, sp), split.flags(), split.rest(), rest,
            List.of());
        out.add("\0(" + dump(sub, escape) + ")");
      }
      default -> {
        if (!rest.isEmpty()) {
          out.add(rest);
        }
      }
    }
    return out;
  }

  private static void maybeJson(String rest, List<String> out) throws DockerfileException {
    List<String> json = JsonForm.parse(rest);
    if (json != null) {
      out.addAll(json);
    } else if (!rest.isEmpty()) {
      out.add(rest);
    }
  }

  /** Go's strconv.Quote for the characters these files hold. */
  static String goQuote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case 0x07 -> b.append("\\a");
        case 0x0B -> b.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", c));
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    });
    return b.append('"').toString();
  }

  static Stream<String> unused() {
    return Stream.empty();
  }
}
