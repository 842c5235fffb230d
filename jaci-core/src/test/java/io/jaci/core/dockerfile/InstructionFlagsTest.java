package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.dockerfile.RunMount.Sharing;
import io.jaci.core.dockerfile.RunMount.Type;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed flags of RUN, COPY, ADD, FROM and HEALTHCHECK, and ONBUILD triggers. */
class InstructionFlagsTest {
  private static Instruction first(String instruction) throws DockerfileException {
    return Dockerfile.parse("FROM x\n" + instruction + "\n").stages().get(0).instructions()
        .get(0);
  }

  @Test
  void runMounts_allTypesWithTheirOptions() throws Exception {
    Instruction.Run run = (Instruction.Run) first("RUN "
        + "--mount=type=cache,target=/root/.cache,id=pip,sharing=locked,mode=0700,uid=1,gid=2 "
        + "--mount=type=secret,id=tok,required "
        + "--mount=type=bind,from=build,source=/out,target=/in,rw "
        + "--mount=type=tmpfs,target=/tmp,size=64m "
        + "--mount=target=/ctx "
        + "--network=none --security=sandbox make");
    List<RunMount> m = run.mounts();
    assertThat(m).extracting(RunMount::type).containsExactly(Type.CACHE, Type.SECRET, Type.BIND,
        Type.TMPFS, Type.BIND);
    assertThat(m.get(0)).extracting(RunMount::target, RunMount::id, RunMount::sharing,
        RunMount::mode, RunMount::uid, RunMount::gid, RunMount::readOnly)
        .containsExactly("/root/.cache", "pip", Sharing.LOCKED, 0700, 1L, 2L, false);
    assertThat(m.get(1)).extracting(RunMount::id, RunMount::target, RunMount::required,
        RunMount::readOnly).containsExactly("tok", null, true, true);
    assertThat(m.get(2)).extracting(RunMount::from, RunMount::source, RunMount::target,
        RunMount::readOnly).containsExactly("build", "/out", "/in", false);
    assertThat(m.get(3).size()).isEqualTo("64m");
    assertThat(m.get(4).readOnly()).isTrue();
    assertThat(run.network()).isEqualTo("none");
    assertThat(run.security()).isEqualTo("sandbox");
    assertThat(run.command()).isEqualTo(Command.shell("make"));
  }

  @Test
  void cacheMountDefaults_sharedAndWritable() throws Exception {
    RunMount m = RunMount.parse("type=cache,target=/c");
    assertThat(m.sharing()).isEqualTo(Sharing.SHARED);
    assertThat(m.readOnly()).isFalse();
    assertThat(RunMount.parse("type=secret,target=/run/secrets/abc").id()).isEqualTo("abc");
  }

  /**
   * Issue 12's closing note, undone item 3: a cache mount's {@code uid}, {@code gid} and
   * {@code mode} as BuildKit's {@code ParseUint} reads them (decimal ids up to 2^32-1, an
   * octal mode; digits only, no sign), unset when not given (the build's defaults: 0, 0, 0755).
   */
  @Test
  void cacheMountOwnerAndMode_readAsBuildKitReadsThem() throws Exception {
    RunMount m = RunMount.parse("type=cache,target=/c,uid=4294967295,gid=0050,mode=755");
    assertThat(m).extracting(RunMount::uid, RunMount::gid, RunMount::mode)
        .containsExactly(4294967295L, 50L, 0755);
    assertThat(RunMount.parse("type=cache,target=/c,mode=02775").mode()).isEqualTo(02775);
    RunMount none = RunMount.parse("type=cache,target=/c");
    assertThat(none).extracting(RunMount::uid, RunMount::gid, RunMount::mode)
        .containsExactly(null, null, null);
    for (String bad : List.of("uid=-1", "uid=+1", "uid=4294967296", "gid=1e3", "uid=",
        "gid=\u0661", "mode=0758", "mode=-7", "mode=17777", "uid=99999999999999999999999")) {
      String key = bad.substring(0, bad.indexOf('='));
      assertThatThrownBy(() -> RunMount.parse("type=cache,target=/c," + bad)).as(bad)
          .isInstanceOf(DockerfileException.class)
          .hasMessageStartingWith("invalid --mount " + key + " \"");
    }
  }

  @Test
  void badMounts_areOneLineErrorsWithTheLine() {
    assertThatThrownBy(() -> first("RUN --mount=type=cach,target=/c x")).hasMessage(
        "Dockerfile line 2: unsupported mount type \"cach\" (did you mean cache?)");
    assertThatThrownBy(() -> first("RUN --mount=type=bind x")).hasMessageStartingWith(
        "Dockerfile line 2: --mount=type=bind has no target");
    assertThatThrownBy(() -> first("RUN --mount=type=cache,target=/c,sharing=lockd x"))
        .hasMessage("Dockerfile line 2: unsupported sharing value \"lockd\" "
            + "(did you mean locked?)");
    assertThatThrownBy(() -> first("RUN --mount=type=bind,target=/c,size=1 x")).hasMessage(
        "Dockerfile line 2: unexpected key \"size\" for mount type \"bind\"");
    assertThatThrownBy(() -> first("RUN --mount=type=bind,target=/c,mode=0600 x")).hasMessage(
        "Dockerfile line 2: mode not allowed for \"bind\" type mounts");
    assertThatThrownBy(() -> first("RUN --mount=type=bind,target=/c,taget=/d x")).hasMessage(
        "Dockerfile line 2: unexpected --mount key \"taget\" (did you mean target?)");
    assertThatThrownBy(() -> first("RUN --mount=type=tmpfs,target=/c,sharing=locked x"))
        .hasMessage("Dockerfile line 2: sharing is only for cache mounts, not tmpfs");
    assertThatThrownBy(() -> first("RUN --mount=type=secret x")).hasMessageStartingWith(
        "Dockerfile line 2: secret --mount=type=secret needs an id or a target");
    assertThatThrownBy(() -> first("RUN --network=bridge x")).hasMessage(
        "Dockerfile line 2: unsupported --network=bridge on RUN (default, none or host)");
  }

  @Test
  void copyFlags_acceptedAsTheReferenceSays() throws Exception {
    Instruction.Copy c = (Instruction.Copy) first("COPY --from=build --chown=app:app "
        + "--chmod=0644 --link --parents --exclude=*.tmp --exclude=.git a b/ /dst/");
    assertThat(c).extracting(Instruction.Copy::from, Instruction.Copy::chown,
        Instruction.Copy::chmod, Instruction.Copy::link, Instruction.Copy::parents)
        .containsExactly("build", "app:app", "0644", true, true);
    assertThat(c.excludes()).containsExactly("*.tmp", ".git");
    assertThat(c.sources()).containsExactly("a", "b/");
    assertThat(c.dest()).isEqualTo("/dst/");
    Instruction.Copy plain = (Instruction.Copy) first("COPY --link=false a b");
    assertThat(plain.link()).isFalse();
    assertThat(plain.from()).isNull();
  }

  @Test
  void addFlags_acceptedAsTheReferenceSays() throws Exception {
    Instruction.Add a = (Instruction.Add) first("ADD --checksum=sha256:abc --keep-git-dir "
        + "--unpack=false --chown=1 --chmod=755 --link --exclude=x https://e.com/a.tgz /d");
    assertThat(a).extracting(Instruction.Add::checksum, Instruction.Add::keepGitDir,
        Instruction.Add::unpack, Instruction.Add::chown, Instruction.Add::chmod,
        Instruction.Add::link).containsExactly("sha256:abc", true, false, "1", "755", true);
    Instruction.Add plain = (Instruction.Add) first("ADD a.tar /");
    assertThat(plain.unpack()).isNull();
    assertThat(plain.keepGitDir()).isNull();
    assertThatThrownBy(() -> first("ADD --parents a b")).hasMessageStartingWith(
        "Dockerfile line 2: unknown flag --parents on ADD");
  }

  @Test
  void fromPlatformFlag_andUnknownFromFlag() throws Exception {
    assertThat(Dockerfile.parse("FROM --platform=linux/arm64 a\n").stages().get(0).from()
        .platform()).isEqualTo("linux/arm64");
    assertThatThrownBy(() -> Dockerfile.parse("FROM --plaform=linux/arm64 a\n")).hasMessage(
        "Dockerfile line 1: unknown flag --plaform on FROM (did you mean --platform?)");
  }

  @Test
  void healthcheck_optionsCommandAndNone() throws Exception {
    Instruction.Healthcheck h = (Instruction.Healthcheck) first("HEALTHCHECK --interval=1m30s "
        + "--timeout=500ms --start-period=0s --start-interval=2s --retries=3 CMD curl -f x");
    assertThat(h.command()).isEqualTo(Command.shell("curl -f x"));
    assertThat(h.interval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(h.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(h.startPeriod()).isEqualTo(Duration.ZERO);
    assertThat(h.startInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(h.retries()).isEqualTo(3);
    Instruction.Healthcheck none = (Instruction.Healthcheck) first("HEALTHCHECK NONE");
    assertThat(none.command()).isNull();
    Instruction.Healthcheck exec = (Instruction.Healthcheck) first("HEALTHCHECK CMD [\"a\"]");
    assertThat(exec.command()).isEqualTo(Command.exec(List.of("a")));
    assertThatThrownBy(() -> first("HEALTHCHECK CONNECT TCP 7000")).hasMessage(
        "Dockerfile line 2: unknown type \"CONNECT\" in HEALTHCHECK (try CMD)");
    assertThatThrownBy(() -> first("HEALTHCHECK --interval=5 CMD a")).hasMessageStartingWith(
        "Dockerfile line 2: --interval=5 is not a duration");
    assertThatThrownBy(() -> first("HEALTHCHECK --retries=-1 CMD a")).hasMessage(
        "Dockerfile line 2: --retries cannot be negative (-1)");
    assertThatThrownBy(() -> first("HEALTHCHECK NONE x")).hasMessage(
        "Dockerfile line 2: HEALTHCHECK NONE takes no arguments");
  }

  @Test
  void onbuild_keepsTheTriggerTextAndParsesIt() throws Exception {
    Instruction.Onbuild o = (Instruction.Onbuild) first("ONBUILD COPY --chown=1 . /app");
    assertThat(o.expression()).isEqualTo("COPY --chown=1 . /app");
    assertThat(((Instruction.Copy) o.trigger()).chown()).isEqualTo("1");
    assertThatThrownBy(() -> first("ONBUILD ONBUILD RUN x")).hasMessage(
        "Dockerfile line 2: ONBUILD isn't allowed as an ONBUILD trigger");
    assertThatThrownBy(() -> first("ONBUILD FROM x")).hasMessage(
        "Dockerfile line 2: FROM isn't allowed as an ONBUILD trigger");
    assertThatThrownBy(() -> first("ONBUILD RUNN x")).hasMessage(
        "Dockerfile line 2: unknown instruction \"RUNN\" (did you mean RUN?)");
  }

  @Test
  void triggerOfABaseImage_parsesAsItsInstruction() throws Exception {
    Instruction.Copy c = (Instruction.Copy) Dockerfile.parseTrigger("COPY --chown=1 . /app", 4);
    assertThat(c.line()).isEqualTo(4);
    assertThat(c.sources()).containsExactly(".");
    assertThatThrownBy(() -> Dockerfile.parseTrigger("FROM evil", 4)).hasMessage(
        "Dockerfile line 4: FROM isn't allowed as an ONBUILD trigger");
    assertThatThrownBy(() -> Dockerfile.parseTrigger("RUN a\nRUN b", 4)).hasMessage(
        "Dockerfile line 4: ONBUILD trigger \"RUN a\\x0aRUN b\" of the base image spans lines");
    assertThatThrownBy(() -> Dockerfile.parseTrigger("", 4)).hasMessage(
        "Dockerfile line 4: ONBUILD requires at least one argument");
  }

  @Test
  void simpleInstructions_keepTheirText() throws Exception {
    assertThat(((Instruction.Maintainer) first("MAINTAINER Jo <jo@e.com>")).name())
        .isEqualTo("Jo <jo@e.com>");
    assertThat(((Instruction.StopSignal) first("STOPSIGNAL SIGKILL")).signal())
        .isEqualTo("SIGKILL");
    assertThat(((Instruction.Expose) first("EXPOSE 80/tcp 53/udp")).ports())
        .containsExactly("80/tcp", "53/udp");
    assertThat(first("expose 80").keyword()).isEqualTo("EXPOSE");
    assertThat(first("WORKDIR /a b").raw()).isEqualTo("WORKDIR /a b");
  }
}
