package io.jaci.core.dockerfile;

import static io.jaci.core.dockerfile.ShellWordExpanderTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Untrusted input: huge lines, NUL bytes, deep nesting, many instructions. */
class HostileDockerfileTest {
  @Test
  void hugeLine_parsesWithoutBlowingUp() throws Exception {
    String big = "x".repeat(20_000_000);
    Dockerfile df = Dockerfile.parse("FROM a\nRUN echo " + big + "\n");
    Instruction.Run run = (Instruction.Run) df.stages().get(0).instructions().get(0);
    assertThat(run.command().text()).hasSize(20_000_005);
  }

  @Test
  void hugeUnknownInstruction_isAShortOneLineError() {
    String big = "Y".repeat(1_000_000);
    assertOneLineError(() -> Dockerfile.parse("FROM a\n" + big + " z\n"));
  }

  @Test
  void manyContinuationLines_areOneInstruction() throws Exception {
    String text = "FROM a\nRUN x \\\n" + "  y \\\n".repeat(200_000) + "  z\nUSER me\n";
    Dockerfile df = Dockerfile.parse(text);
    assertThat(df.stages().get(0).instructions()).hasSize(2);
    assertThat(df.stages().get(0).instructions().get(1).line()).isEqualTo(200_004);
  }

  @Test
  void nulBytes_areCharactersAndShownEscapedInErrors() throws Exception {
    Dockerfile df = Dockerfile.parse("FROM a\nRUN echo \0\n");
    assertThat(((Instruction.Run) df.stages().get(0).instructions().get(0)).command().text())
        .isEqualTo("echo \0");
    assertThatThrownBy(() -> Dockerfile.parse("FROM a\nR\0N x\n"))
        .hasMessage("Dockerfile line 2: unknown instruction \"R\\x00N\" (did you mean RUN?)");
    assertOneLineError(() -> Dockerfile.parse("\0\0\0\n\n"));
  }

  @Test
  void deeplyNestedJson_isTheShellFormNotAStackOverflow() throws Exception {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    Dockerfile df = Dockerfile.parse("FROM a\nCMD " + deep + "\nRUN " + deep + "\n");
    assertThat(((Instruction.Cmd) df.stages().get(0).instructions().get(0)).command()
        .execForm()).isFalse();
  }

  @Test
  void deeplyNestedVariables_areAOneLineErrorAtTheirLine() throws Exception {
    String deep = "${a:-".repeat(10_000) + "x" + "}".repeat(10_000);
    Dockerfile df = Dockerfile.parse("FROM a\nWORKDIR " + deep + "\n");
    Instruction w = df.stages().get(0).instructions().get(0);
    assertThatThrownBy(() -> df.expander().expand(w, k -> null))
        .hasMessageStartingWith("Dockerfile line 2: ${...} nested more than 64 deep");
    assertOneLineError(() -> df.expander().expand(w, k -> null));
  }

  @Test
  void manyHeredocWords_onOneLine() throws Exception {
    StringBuilder t = new StringBuilder("FROM a\nRUN cat");
    for (int i = 0; i < 2000; i++) {
      t.append(" <<E").append(i);
    }
    t.append('\n');
    for (int i = 0; i < 2000; i++) {
      t.append(i).append("\nE").append(i).append('\n');
    }
    Instruction.Run run = (Instruction.Run) Dockerfile.parse(t.toString()).stages().get(0)
        .instructions().get(0);
    assertThat(run.heredocs()).hasSize(2000);
    assertThat(run.heredocs().get(1999).content()).isEqualTo("1999\n");
  }

  @Test
  void hundredThousandInstructions_parseAndWalkInLinearTime() throws Exception {
    assertLinear(HostileDockerfileTest::time);
  }

  @Test
  void hundredThousandEnvSteps_walkInLinearTime() throws Exception {
    assertLinear(HostileDockerfileTest::walk);
  }

  interface Timed {
    long nanos(int n) throws DockerfileException;
  }

  /**
   * 4x the input may take 4x the time; 3x more is allowed for a loaded machine (quadratic work
   * would take 16x). The best of two runs counts, after a warm-up.
   */
  private static void assertLinear(Timed timed) throws DockerfileException {
    timed.nanos(20_000);
    long small = Math.min(timed.nanos(25_000), timed.nanos(25_000));
    long large = Math.min(timed.nanos(100_000), timed.nanos(100_000));
    assertThat(large).as("100k vs 25k, ns").isLessThan(small * 4 * 3);
  }

  /** Walks the scope of a stage of {@code n} ENV steps, each setting a new name. */
  private static long walk(int n) throws DockerfileException {
    StringBuilder t = new StringBuilder("FROM a\n");
    for (int i = 0; i < n; i++) {
      t.append("ENV V").append(i).append("=$V").append(i / 2).append('\n');
    }
    Dockerfile df = Dockerfile.parse(t.toString());
    BuildArgs args = BuildArgs.of(df, Map.of(), io.jaci.core.spec.PlatformTable.entries().get(0),
        io.jaci.core.spec.PlatformTable.entries().get(0));
    long t0 = System.nanoTime();
    StageScope scope = args.stageScope(Map.of("V0", "x"));
    for (Instruction i : df.stages().get(0).instructions()) {
      scope = scope.after(df.expander().expand(i, scope::value));
    }
    assertThat(scope.value("V" + (n - 1))).isEqualTo("x");
    return System.nanoTime() - t0;
  }

  /** Parses a Dockerfile of {@code n} instructions and walks its scope. */
  private static long time(int n) throws DockerfileException {
    StringBuilder t = new StringBuilder("ARG A=1\nFROM a\n");
    for (int i = 0; i < n; i++) {
      t.append(switch (i % 4) {
        case 0 -> "RUN echo " + i + " \\\n  && true\n";
        case 1 -> "ENV V" + i + "=$A\n";
        case 2 -> "COPY --chown=1 a" + i + " /b/\n";
        default -> "# comment\nLABEL l=" + i + "\n";
      });
    }
    long t0 = System.nanoTime();
    Dockerfile df = Dockerfile.parse(t.toString());
    BuildArgs args = BuildArgs.of(df, Map.of(), io.jaci.core.spec.PlatformTable.entries().get(0),
        io.jaci.core.spec.PlatformTable.entries().get(0));
    StageScope scope = args.stageScope(Map.of());
    for (Instruction i : df.stages().get(0).instructions()) {
      scope = scope.after(df.expander().expand(i, scope::value));
    }
    assertThat(df.stages().get(0).instructions()).hasSize(n);
    return System.nanoTime() - t0;
  }
}
