package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expansion in exactly the instructions Docker expands (the Dockerfile reference's list). */
class StepExpanderTest {
  private static final Map<String, String> ENV = Map.of("V", "val", "P", "80 443", "D", "/d",
      "U", "app");

  private static Instruction expanded(String instruction) throws DockerfileException {
    Dockerfile df = Dockerfile.parse("FROM x\n" + instruction + "\n");
    return df.expander().expand(df.stages().get(0).instructions().get(0), ENV::get);
  }

  @Test
  void expandedInstructions() throws Exception {
    Instruction.Copy c = (Instruction.Copy) expanded("COPY --chown=$U:$U --chmod=${M:-644} "
        + "a-$V \"b-$V\"'c-$V' $D/");
    assertThat(c.sources()).containsExactly("a-val", "b-valc-$V");
    assertThat(c.dest()).isEqualTo("/d/");
    assertThat(c.chown()).isEqualTo("app:app");
    assertThat(c.chmod()).isEqualTo("644");
    Instruction.Add a = (Instruction.Add) expanded("ADD --checksum=sha256:$V http://e/$V $D");
    assertThat(a.checksum()).isEqualTo("sha256:val");
    assertThat(a.sources()).containsExactly("http://e/val");
    assertThat(((Instruction.Env) expanded("ENV K_$V=\"$V x\" L=${V}2")).pairs())
        .containsExactly(new KeyValue("K_val", "val x"), new KeyValue("L", "val2"));
    assertThat(((Instruction.Label) expanded("LABEL \"a.$V\"='$V' b=$V")).labels())
        .containsExactly(new KeyValue("a.val", "$V"), new KeyValue("b", "val"));
    assertThat(((Instruction.Expose) expanded("EXPOSE $P 8080/${V:+udp}")).ports())
        .containsExactly("80", "443", "8080/udp");
    assertThat(((Instruction.Volume) expanded("VOLUME $D /e")).paths()).containsExactly("/d",
        "/e");
    assertThat(((Instruction.Workdir) expanded("WORKDIR $D/${V}")).path()).isEqualTo("/d/val");
    assertThat(((Instruction.User) expanded("USER ${U}:$U")).user()).isEqualTo("app:app");
    assertThat(((Instruction.StopSignal) expanded("STOPSIGNAL SIG${S:-TERM}")).signal())
        .isEqualTo("SIGTERM");
  }

  @Test
  void shellFormSourcesSplitOnWhitespaceBeforeQuotesAsBuildkitDoes() {
    assertThatThrownBy(() -> expanded("COPY \"b c\" /d")).hasMessageStartingWith(
        "Dockerfile line 2: unexpected end of statement while looking for matching "
        + "double-quote in \"\"b\"");
  }

  @Test
  void runIsNeverExpandedButItsMountsAre() throws Exception {
    Instruction.Run r = (Instruction.Run) expanded("RUN --mount=type=cache,target=$D,id=$V "
        + "echo $V \"$V\"");
    assertThat(r.command()).isEqualTo(Command.shell("echo $V \"$V\""));
    assertThat(r.mounts().get(0).target()).isEqualTo("/d");
    assertThat(r.mounts().get(0).id()).isEqualTo("val");
    Instruction.Run exec = (Instruction.Run) expanded("RUN [\"echo\", \"$V\"]");
    assertThat(exec.command().args()).containsExactly("echo", "$V");
  }

  @Test
  void notExpanded_cmdEntrypointShellHealthcheckOnbuildMaintainerArg() throws Exception {
    for (String i : List.of("CMD echo $V", "ENTRYPOINT [\"$V\"]", "SHELL [\"$V\"]",
        "HEALTHCHECK CMD $V", "ONBUILD WORKDIR $V", "MAINTAINER $V", "ARG A=$V")) {
      Dockerfile df = Dockerfile.parse("FROM x\n" + i + "\n");
      Instruction raw = df.stages().get(0).instructions().get(0);
      assertThat(df.expander().expand(raw, ENV::get)).as(i).isSameAs(raw);
    }
  }

  @Test
  void heredocContent_expandedOnlyWithAnUnquotedDelimiter() throws Exception {
    Dockerfile df = Dockerfile.parse("FROM x\nCOPY <<A <<'B' /\n$V 'q$V'\nA\n$V\nB\n"
        + "RUN <<C\n$V\nC\n");
    List<Instruction> body = df.stages().get(0).instructions();
    Instruction.Copy c = (Instruction.Copy) df.expander().expand(body.get(0), ENV::get);
    assertThat(c.heredocs()).extracting(Heredoc::content).containsExactly("val 'qval'\n",
        "$V\n");
    Instruction.Run r = (Instruction.Run) df.expander().expand(body.get(1), ENV::get);
    assertThat(r.heredocs().get(0).content()).isEqualTo("$V\n");
  }

  @Test
  void fromIsExpanded() throws Exception {
    Dockerfile df = Dockerfile.parse("FROM --platform=$P img:${V} AS s\n");
    Instruction.From f = (Instruction.From) df.expander().expand(df.stages().get(0).from(),
        ENV::get);
    assertThat(f.image()).isEqualTo("img:val");
    assertThat(f.platform()).isEqualTo("80 443");
    assertThat(f.stageName()).isEqualTo("s");
  }

  @Test
  void copyFromWithAVariable_isRefusedAsBuildkitDoes() {
    assertThatThrownBy(() -> Dockerfile.parse("FROM x\nCOPY --from=$V a b\n"))
        .hasMessageStartingWith("Dockerfile line 2: variable expansion is not supported for "
            + "--from");
  }

  @Test
  void expansionErrors_carryTheInstructionsLine() {
    assertThatThrownBy(() -> expanded("WORKDIR ${NOPE:?must be set}"))
        .hasMessage("Dockerfile line 2: NOPE: must be set in \"${NOPE:?must be set}\"");
    assertThatThrownBy(() -> expanded("USER \"unterminated"))
        .hasMessageStartingWith("Dockerfile line 2: unexpected end of statement while looking "
            + "for matching double-quote");
  }
}
