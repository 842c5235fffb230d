package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.spec.PlatformTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ARG scoping, --build-arg, platform and proxy ARGs (issue 12, "ARG scoping"). */
class StageScopeTest {
  private static final PlatformTable.Entry ARM = PlatformTable.byOci("linux", "arm", "v7")
      .orElseThrow();
  private static final PlatformTable.Entry AMD64 = PlatformTable.byOci("linux", "amd64", "")
      .orElseThrow();

  /** Walks stage {@code index}, returning the scope after each instruction. */
  private static List<StageScope> walk(Dockerfile df, BuildArgs args, int index,
      Map<String, String> baseEnv) throws DockerfileException {
    StageScope scope = args.stageScope(baseEnv);
    List<StageScope> out = new java.util.ArrayList<>();
    for (Instruction i : df.stages().get(index).instructions()) {
      scope = scope.after(df.expander().expand(i, scope::value));
      out.add(scope);
    }
    return out;
  }

  @Test
  void globalArgs_seenByFromOnlyUnlessRedeclared() throws Exception {
    Dockerfile df = Dockerfile.parse("ARG TAG=1.0\nARG IMG=base:$TAG\nFROM $IMG\n"
        + "ENV A=${TAG:-none}\nARG TAG\nENV B=$TAG\n");
    BuildArgs args = BuildArgs.of(df, Map.of(), AMD64, AMD64);
    assertThat(args.expandFrom(df, df.stages().get(0).from()).image()).isEqualTo("base:1.0");
    List<StageScope> s = walk(df, args, 0, Map.of());
    assertThat(s.get(0).environment()).containsEntry("A", "none");
    assertThat(s.get(2).environment()).containsEntry("B", "1.0");
    assertThat(s.get(2).args()).isEqualTo(Map.of("TAG", "1.0"));
  }

  @Test
  void buildArgs_overrideDefaultsGlobalAndInStage() throws Exception {
    Dockerfile df = Dockerfile.parse("ARG TAG=1.0\nFROM base:$TAG\nARG V=dflt\nARG TAG\n"
        + "ENV X=$V-$TAG\n");
    BuildArgs args = BuildArgs.of(df, Map.of("TAG", "2.0", "V", "cli", "UNUSED", "u"), AMD64,
        AMD64);
    assertThat(args.expandFrom(df, df.stages().get(0).from()).image()).isEqualTo("base:2.0");
    List<StageScope> s = walk(df, args, 0, Map.of());
    assertThat(s.get(2).environment()).containsEntry("X", "cli-2.0");
    assertThat(args.unconsumed()).containsExactly("UNUSED");
  }

  @Test
  void envAndArg_laterWinsAndOnlyEnvIsTheImagesEnvironment() throws Exception {
    Dockerfile df = Dockerfile.parse("FROM x\nARG A=arg\nENV A=env\nENV B=$A\nARG C=c\n"
        + "RUN true\n");
    List<StageScope> s = walk(df, BuildArgs.of(df, Map.of(), AMD64, AMD64), 0,
        Map.of("PATH", "/bin"));
    StageScope last = s.get(s.size() - 1);
    assertThat(last.value("B")).isEqualTo("env");
    assertThat(last.environment()).isEqualTo(Map.of("PATH", "/bin", "A", "env", "B", "env"));
    assertThat(last.runEnvironment()).isEqualTo(Map.of("PATH", "/bin", "A", "env", "B", "env",
        "C", "c"));
    assertThat(last.args()).isEqualTo(Map.of("A", "arg", "C", "c"));
  }

  @Test
  void argWithoutValue_staysUnset() throws Exception {
    Dockerfile df = Dockerfile.parse("FROM x\nARG NOVALUE\nENV R=${NOVALUE-unset}\n");
    List<StageScope> s = walk(df, BuildArgs.of(df, Map.of(), AMD64, AMD64), 0, Map.of());
    assertThat(s.get(1).environment()).containsEntry("R", "unset");
  }

  @Test
  void argDefault_seesEarlierVariablesOfTheStage() throws Exception {
    Dockerfile df = Dockerfile.parse("FROM x\nENV BASE=/opt\nARG DIR=$BASE/app\n");
    List<StageScope> s = walk(df, BuildArgs.of(df, Map.of(), AMD64, AMD64), 0, Map.of());
    assertThat(s.get(1).value("DIR")).isEqualTo("/opt/app");
  }

  @Test
  void platformArgs_fromThePlatformTable() throws Exception {
    Dockerfile df = Dockerfile.parse("FROM --platform=$BUILDPLATFORM img-$TARGETARCH\n"
        + "ENV BEFORE=${TARGETARCH:-unseen}\nARG TARGETARCH TARGETVARIANT TARGETPLATFORM "
        + "BUILDOS\nENV AFTER=$TARGETARCH-$TARGETVARIANT-$TARGETPLATFORM-$BUILDOS\n");
    BuildArgs args = BuildArgs.of(df, Map.of(), ARM, AMD64);
    assertThat(args.platformArgs()).containsEntry("TARGETPLATFORM", "linux/arm/v7")
        .containsEntry("TARGETOS", "linux").containsEntry("TARGETARCH", "arm")
        .containsEntry("TARGETVARIANT", "v7").containsEntry("BUILDPLATFORM", "linux/amd64")
        .containsEntry("BUILDOS", "linux").containsEntry("BUILDARCH", "amd64")
        .containsEntry("BUILDVARIANT", "");
    Instruction.From from = args.expandFrom(df, df.stages().get(0).from());
    assertThat(from.image()).isEqualTo("img-arm");
    assertThat(from.platform()).isEqualTo("linux/amd64");
    List<StageScope> s = walk(df, args, 0, Map.of());
    assertThat(s.get(0).environment()).containsEntry("BEFORE", "unseen");
    assertThat(s.get(2).environment()).containsEntry("AFTER", "arm-v7-linux/arm/v7-linux");
  }

  @Test
  void forHost_usesThisMachinesPlatform() throws Exception {
    Dockerfile df = Dockerfile.parse("FROM x\n");
    BuildArgs args = BuildArgs.forHost(df, Map.of());
    assertThat(args.platformArgs().get("TARGETOS")).isEqualTo("linux");
    assertThat(args.platformArgs().get("TARGETPLATFORM"))
        .isEqualTo(args.platformArgs().get("BUILDPLATFORM"));
  }

  @Test
  void proxyArgs_reachRunWithoutDeclaration() throws Exception {
    Dockerfile df = Dockerfile.parse("FROM x\nENV HTTP_PROXY_NOTE=$HTTP_PROXY\nRUN true\n");
    Map<String, String> cli = new HashMap<>(Map.of("HTTP_PROXY", "http://p:3128",
        "no_proxy", "localhost"));
    BuildArgs args = BuildArgs.of(df, cli, AMD64, AMD64);
    List<StageScope> s = walk(df, args, 0, Map.of());
    assertThat(s.get(0).environment()).containsEntry("HTTP_PROXY_NOTE", "");
    assertThat(s.get(1).runEnvironment()).containsEntry("HTTP_PROXY", "http://p:3128")
        .containsEntry("no_proxy", "localhost");
    assertThat(s.get(1).environment()).doesNotContainKey("HTTP_PROXY");
    assertThat(args.unconsumed()).isEmpty();
  }

  @Test
  void scopes_areImmutableAlsoWhenAnOlderOneIsContinued() throws Exception {
    Dockerfile df = Dockerfile.parse("FROM x\nENV A=1\nENV A=2\nENV B=3\n");
    List<Instruction> body = df.stages().get(0).instructions();
    StageScope s0 = BuildArgs.of(df, Map.of(), AMD64, AMD64).stageScope(Map.of("Z", "z"));
    StageScope s1 = s0.after(body.get(0));
    StageScope s2 = s1.after(body.get(1));
    StageScope branch = s1.after(body.get(2));
    StageScope s3 = s2.after(body.get(2));
    assertThat(s0.environment()).isEqualTo(Map.of("Z", "z"));
    assertThat(s1.value("A")).isEqualTo("1");
    assertThat(s2.value("A")).isEqualTo("2");
    assertThat(branch.environment()).isEqualTo(Map.of("Z", "z", "A", "1", "B", "3"));
    assertThat(s3.environment()).isEqualTo(Map.of("Z", "z", "A", "2", "B", "3"));
    assertThat(s2.value("B")).isNull();
  }

  @Test
  void badArgDefault_isAnErrorAtItsLine() throws Exception {
    Dockerfile df = Dockerfile.parse("ARG G=${X:?needed}\nFROM x\nARG L=${Y:?also}\n");
    assertThatThrownBy(() -> BuildArgs.of(df, Map.of(), AMD64, AMD64))
        .hasMessageStartingWith("Dockerfile line 1: X: needed");
    BuildArgs args = BuildArgs.of(df, Map.of("G", "given, so the default is not expanded"),
        AMD64, AMD64);
    assertThatThrownBy(() -> walk(df, args, 0, Map.of()))
        .hasMessageStartingWith("Dockerfile line 3: Y: also");
  }
}
