package io.jaci.core.dockerfile;

import static io.jaci.core.dockerfile.ShellWordExpanderTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Directives, comments, continuations, forms and heredocs (issue 12, "The language"). */
class DockerfileParserTest {
  private static List<Instruction> body(String text) throws DockerfileException {
    return Dockerfile.parse(text).stages().get(0).instructions();
  }

  @Test
  void escapeDirective_backtickContinuesLinesAndBackslashIsPlain() throws Exception {
    Dockerfile df = Dockerfile.parse("# escape=`\nFROM scratch\nCOPY a `\n  b c:\\dir\\\n"
        + "RUN dir c:\\\n");
    assertThat(df.escape()).isEqualTo('`');
    assertThat(df.directives()).containsEntry("escape", "`");
    List<Instruction> body = df.stages().get(0).instructions();
    Instruction.Copy copy = (Instruction.Copy) body.get(0);
    assertThat(copy.sources()).containsExactly("a", "b");
    assertThat(copy.dest()).isEqualTo("c:\\dir\\");
    assertThat(((Instruction.Run) body.get(1)).command().text()).isEqualTo("dir c:\\");
    assertThat(body.get(1).line()).isEqualTo(5);
  }

  @Test
  void syntaxAndCheckDirectives_areRecorded() throws Exception {
    Dockerfile df = Dockerfile.parse("# syntax=docker/dockerfile:1\n#check=skip=all\n"
        + "FROM scratch\n");
    assertThat(df.directives()).isEqualTo(Map.of("syntax", "docker/dockerfile:1",
        "check", "skip=all"));
    assertThat(df.escape()).isEqualTo('\\');
  }

  @Test
  void directiveAfterAComment_isAComment() throws Exception {
    assertThatThrownBy(() -> Dockerfile.parse("# hello\n# escape=`\nFROM x\nRUN a `\nb\n"))
        .hasMessage("Dockerfile line 5: unknown instruction \"b\"");
    assertThat(Dockerfile.parse("\n# escape=`\nFROM x\n").escape()).isEqualTo('\\');
  }

  @Test
  void badDirectives_areOneLineErrorsWithTheirLine() {
    assertThatThrownBy(() -> Dockerfile.parse("# escape=`\n# escape=\\\nFROM x\n"))
        .hasMessage("Dockerfile line 2: only one escape parser directive can be used");
    assertThatThrownBy(() -> Dockerfile.parse("# escape=x\nFROM x\n"))
        .hasMessageStartingWith("Dockerfile line 1: invalid escape token 'x'");
  }

  @Test
  void continuations_skipCommentAndEmptyLinesAndKeepIndentation() throws Exception {
    List<Instruction> body = body("FROM x\nRUN echo a \\\n\n  # a comment \\\n   \n  b \\\n"
        + "  c\nUSER me\n");
    assertThat(((Instruction.Run) body.get(0)).command()).isEqualTo(
        Command.shell("echo a   b   c"));
    assertThat(body.get(1).line()).isEqualTo(8);
    assertThat(((Instruction.User) body.get(1)).user()).isEqualTo("me");
  }

  @Test
  void continuationAtTheEnd_andADoubledEscape() throws Exception {
    List<Instruction> body = body("FROM x\nRUN a \\\\\nRUN b \\");
    assertThat(((Instruction.Run) body.get(0)).command().text()).isEqualTo("a \\\\");
    assertThat(((Instruction.Run) body.get(1)).command().text()).isEqualTo("b");
  }

  @Test
  void crlfLinesAndAByteOrderMark_areRead() throws Exception {
    List<Instruction> body = body("\uFEFFFROM x\r\nRUN a \\\r\n b\r\n");
    assertThat(((Instruction.Run) body.get(0)).command().text()).isEqualTo("a  b");
  }

  @Test
  void jsonAndShellForms() throws Exception {
    List<Instruction> body = body("FROM x\nCMD [\"a\", \"b c\"]\nCMD [ \"a\", 'b' ]\n"
        + "ENTRYPOINT []\nRUN [\"sh\", \"-c\", \"x\"] \nRUN [\"unterminated\"\n"
        + "SHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]\nCOPY [\"a b\", \"/c d/\"]\n"
        + "VOLUME [\"/v1\", \"/v2\"]\nVOLUME /v3 /v4\n");
    assertThat(((Instruction.Cmd) body.get(0)).command()).isEqualTo(
        Command.exec(List.of("a", "b c")));
    assertThat(((Instruction.Cmd) body.get(1)).command()).isEqualTo(
        Command.shell("[ \"a\", 'b' ]"));
    assertThat(((Instruction.Entrypoint) body.get(2)).command()).isEqualTo(
        Command.exec(List.of()));
    assertThat(((Instruction.Run) body.get(3)).command().execForm()).isTrue();
    assertThat(((Instruction.Run) body.get(4)).command()).isEqualTo(
        Command.shell("[\"unterminated\""));
    assertThat(((Instruction.Shell) body.get(5)).shell()).containsExactly("/bin/bash", "-eo",
        "pipefail", "-c");
    assertThat(((Instruction.Copy) body.get(6)).sources()).containsExactly("a b");
    assertThat(((Instruction.Copy) body.get(6)).dest()).isEqualTo("/c d/");
    assertThat(((Instruction.Volume) body.get(7)).paths()).containsExactly("/v1", "/v2");
    assertThat(((Instruction.Volume) body.get(8)).paths()).containsExactly("/v3", "/v4");
  }

  @Test
  void jsonFormsThatMustBeErrors() {
    assertThatThrownBy(() -> body("FROM x\nRUN [\"a\", 1]\n"))
        .hasMessageStartingWith("Dockerfile line 2: the JSON form must be an array of strings");
    assertThatThrownBy(() -> body("FROM x\nSHELL /bin/sh -c\n"))
        .hasMessageStartingWith("Dockerfile line 2: SHELL takes a JSON array of strings");
    assertThatThrownBy(() -> body("FROM x\nSHELL []\n"))
        .hasMessageStartingWith("Dockerfile line 2: SHELL takes a JSON array of strings");
  }

  @Test
  void heredocs_runCopyChompQuotedAndSeveral() throws Exception {
    List<Instruction> body = body("FROM x\nRUN <<EOF\necho $HOME\nEOF\n"
        + "COPY <<A <<\"B\" /dir/\na $X\nA\nb $X\nB\n"
        + "RUN <<-EOT bash\n\techo tab\n\t\tEOT\n"
        + "RUN cat <<EOF1 > /a && cat <<'EOF2' > /b\nx\nEOF1\ny\nEOF2\nUSER me\n");
    Instruction.Run run = (Instruction.Run) body.get(0);
    assertThat(run.command()).isEqualTo(Command.shell("<<EOF"));
    assertThat(run.heredocs()).containsExactly(new Heredoc("EOF", "echo $HOME\n", true, false,
        0));
    Instruction.Copy copy = (Instruction.Copy) body.get(1);
    assertThat(copy.sources()).isEmpty();
    assertThat(copy.dest()).isEqualTo("/dir/");
    assertThat(copy.heredocs()).containsExactly(new Heredoc("A", "a $X\n", true, false, 0),
        new Heredoc("B", "b $X\n", false, false, 0));
    assertThat(((Instruction.Run) body.get(2)).heredocs()).containsExactly(
        new Heredoc("EOT", "echo tab\n", true, true, 0));
    assertThat(((Instruction.Run) body.get(3)).heredocs()).extracting(Heredoc::name,
        Heredoc::content, Heredoc::expand).containsExactly(
            org.assertj.core.groups.Tuple.tuple("EOF1", "x\n", true),
            org.assertj.core.groups.Tuple.tuple("EOF2", "y\n", false));
    assertThat(body.get(4).line()).isEqualTo(18);
  }

  @Test
  void heredocsAreNotReadForOtherInstructionsOrJsonForms() throws Exception {
    List<Instruction> body = body("FROM x\nRUN [\"cat\", \"<<EOF\"]\nLABEL a=<<EOF\n");
    assertThat(((Instruction.Run) body.get(0)).heredocs()).isEmpty();
    assertThat(body).hasSize(2);
  }

  @Test
  void heredocWithoutItsEnd_isAnErrorAtItsInstruction() {
    assertThatThrownBy(() -> body("FROM x\nRUN <<EOF\necho\nEOFX\n"))
        .hasMessage("Dockerfile line 2: heredoc <<EOF has no end (add a line \"EOF\" after its "
            + "content)");
  }

  @Test
  void heredocAsCopyDestination_isAnError() {
    assertThatThrownBy(() -> body("FROM x\nCOPY a <<EOF\nx\nEOF\n"))
        .hasMessage("Dockerfile line 2: COPY cannot take a heredoc as a destination");
  }

  @Test
  void envLabelAndArgForms_keepQuotesForTheExpander() throws Exception {
    List<Instruction> body = body("FROM x\nENV a=1 b=\"two words\" c=x\\ y\nENV legacy some "
        + "value\nLABEL \"com.example.k\"=v\nARG n1 n2=d\n");
    assertThat(((Instruction.Env) body.get(0)).pairs()).containsExactly(new KeyValue("a", "1"),
        new KeyValue("b", "\"two words\""), new KeyValue("c", "x\\ y"));
    assertThat(((Instruction.Env) body.get(1)).pairs()).containsExactly(
        new KeyValue("legacy", "some value"));
    assertThat(((Instruction.Label) body.get(2)).labels()).containsExactly(
        new KeyValue("\"com.example.k\"", "v"));
    assertThat(((Instruction.Arg) body.get(3)).args()).containsExactly(
        new KeyValue("n1", null), new KeyValue("n2", "d"));
  }

  @Test
  void stages_namesLookupAndGlobalArgs() throws Exception {
    Dockerfile df = Dockerfile.parse("ARG V=1\nFROM --platform=$BUILDPLATFORM img:$V AS Build\n"
        + "RUN make\nFROM scratch\nCOPY --from=build /out /\n");
    assertThat(df.globalArgs()).hasSize(1);
    assertThat(df.stages()).hasSize(2);
    Stage build = df.stage("BUILD");
    assertThat(build.name()).isEqualTo("build");
    assertThat(build.from().image()).isEqualTo("img:$V");
    assertThat(build.from().platform()).isEqualTo("$BUILDPLATFORM");
    assertThat(df.stage("1").index()).isEqualTo(1);
    assertThatThrownBy(() -> df.stage("buidl"))
        .hasMessage("no stage \"buidl\" in the Dockerfile (did you mean build?) (stages: build)");
  }

  @Test
  void missingOrMisplacedFrom_isAnError() {
    assertThatThrownBy(() -> Dockerfile.parse("")).hasMessage(
        "Dockerfile line 1: the Dockerfile has no instructions (start it with FROM IMAGE)");
    assertThatThrownBy(() -> Dockerfile.parse("# only\n# comments\n")).hasMessageContaining(
        "has no instructions");
    assertThatThrownBy(() -> Dockerfile.parse("ARG A\nARG B\n")).hasMessage(
        "Dockerfile line 2: the Dockerfile has no FROM (start it with FROM IMAGE)");
    assertThatThrownBy(() -> Dockerfile.parse("\n\nRUN x\nFROM y\n")).hasMessageStartingWith(
        "Dockerfile line 3: RUN before the first FROM");
    assertThatThrownBy(() -> Dockerfile.parse("FROM a b\n")).hasMessageStartingWith(
        "Dockerfile line 1: FROM takes IMAGE or IMAGE AS NAME");
    assertThatThrownBy(() -> Dockerfile.parse("FROM a AS 1x\n")).hasMessageStartingWith(
        "Dockerfile line 1: invalid name for build stage: \"1x\"");
    assertThatThrownBy(() -> Dockerfile.parse("FROM a AS x\nFROM b AS X\n")).hasMessageStartingWith(
        "Dockerfile line 2: duplicate stage name \"x\"");
  }

  @Test
  void unknownInstruction_namesTheLineAndTheNearestName() {
    assertThatThrownBy(() -> body("FROM x\n\nRUNN echo\n"))
        .hasMessage("Dockerfile line 3: unknown instruction \"RUNN\" (did you mean RUN?)");
    assertThatThrownBy(() -> body("FROM x\nworkdri /a\n"))
        .hasMessage("Dockerfile line 2: unknown instruction \"workdri\" (did you mean WORKDIR?)");
    assertThatThrownBy(() -> body("FROM x\nFOOBARBAZ\n"))
        .hasMessage("Dockerfile line 2: unknown instruction \"FOOBARBAZ\"");
  }

  @Test
  void unknownFlag_namesTheLineAndTheNearestFlag() {
    assertThatThrownBy(() -> body("FROM x\nCOPY --form=a b c\n"))
        .hasMessage("Dockerfile line 2: unknown flag --form on COPY (did you mean --from?)");
    assertThatThrownBy(() -> body("FROM x\nADD --from=a b c\n"))
        .hasMessageStartingWith("Dockerfile line 2: unknown flag --from on ADD");
    assertThatThrownBy(() -> body("FROM x\nCOPY --checksum=sha256:0 b c\n"))
        .hasMessageStartingWith("Dockerfile line 2: unknown flag --checksum on COPY");
    assertThatThrownBy(() -> body("FROM x\nCMD --doit [\"a\"]\n"))
        .hasMessage("Dockerfile line 2: unknown flag --doit on CMD (CMD takes no flags)");
    assertThatThrownBy(() -> body("FROM x\nRUN --mout=type=cache,target=/c x\n"))
        .hasMessage("Dockerfile line 2: unknown flag --mout on RUN (did you mean --mount?)");
    assertThatThrownBy(() -> body("FROM x\nCOPY --chown b c\n"))
        .hasMessageStartingWith("Dockerfile line 2: missing a value on flag --chown of COPY");
    assertThatThrownBy(() -> body("FROM x\nCOPY --link=maybe b c\n"))
        .hasMessageStartingWith("Dockerfile line 2: flag --link of COPY is true or false");
    assertThatThrownBy(() -> body("FROM x\nCOPY --from=a --from=b b c\n"))
        .hasMessage("Dockerfile line 2: flag --from given twice on COPY");
  }

  @Test
  void otherArityErrors() {
    assertThatThrownBy(() -> body("FROM x\nCOPY onlyone\n")).hasMessageStartingWith(
        "Dockerfile line 2: COPY requires at least two arguments");
    assertThatThrownBy(() -> body("FROM x\nENV PATH\n")).hasMessageStartingWith(
        "Dockerfile line 2: ENV must have two arguments");
    assertThatThrownBy(() -> body("FROM x\nENV a=1 b\n")).hasMessageStartingWith(
        "Dockerfile line 2: syntax error - can't find = in \"b\"");
    assertThatThrownBy(() -> body("FROM x\nWORKDIR\n")).hasMessage(
        "Dockerfile line 2: WORKDIR requires exactly one argument");
    assertThatThrownBy(() -> body("FROM x\nRUN\n")).hasMessage(
        "Dockerfile line 2: RUN requires at least one argument");
    assertThatThrownBy(() -> body("FROM x\nVOLUME [\"\"]\n")).hasMessage(
        "Dockerfile line 2: VOLUME specified can not be an empty string");
  }
}
