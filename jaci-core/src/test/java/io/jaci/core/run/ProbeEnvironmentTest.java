package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeEnvironmentTest {
  @TempDir Path tmp;

  @Test
  void rlimits_fromProcSelfLimits() {
    String limits = String.join("\n",
        "Limit                     Soft Limit           Hard Limit           Units     ",
        "Max cpu time              unlimited            unlimited            seconds   ",
        "Max core file size        0                    unlimited            bytes     ",
        "Max open files            20000                1048576              files     ",
        "Max nice priority         0                    0                    ",
        "Max realtime timeout      unlimited            unlimited            us        ",
        "Max made up thing         1                    1                    x         ");
    assertThat(ProbeEnvironment.rlimits(limits)).containsOnly(
        Map.entry("RLIMIT_CPU", new Rlimit("RLIMIT_CPU", Rlimit.UNLIMITED, Rlimit.UNLIMITED)),
        Map.entry("RLIMIT_CORE", new Rlimit("RLIMIT_CORE", 0, Rlimit.UNLIMITED)),
        Map.entry("RLIMIT_NOFILE", new Rlimit("RLIMIT_NOFILE", 20000, 1048576)),
        Map.entry("RLIMIT_NICE", new Rlimit("RLIMIT_NICE", 0, 0)),
        Map.entry("RLIMIT_RTTIME",
            new Rlimit("RLIMIT_RTTIME", Rlimit.UNLIMITED, Rlimit.UNLIMITED)));
  }

  @Test
  void subIds_byNameOrUid_skippingBadLines() {
    String subuid = "root:100000:65536\nalice:165536:65536\n1000:231072:1000\nalice:x:1\n"
        + "alice:300000:0\nbob:1:2\n";
    assertThat(ProbeEnvironment.subIds(subuid, "alice", 1000)).containsExactly(
        new HostFacts.IdRange(165536, 65536), new HostFacts.IdRange(231072, 1000));
    assertThat(ProbeEnvironment.subIds("", "alice", 1000)).isEmpty();
  }

  @Test
  void statusFields() {
    String status = "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nSeccomp:\t0\n";
    assertThat(ProbeEnvironment.statusField(status, "Uid")).hasValue(1000L);
    assertThat(ProbeEnvironment.statusField(status, "Seccomp")).hasValue(0L);
    assertThat(ProbeEnvironment.statusField(status, "Gid")).isEmpty();
  }

  @Test
  void fullIdMap_onlyForTheInitialUserNamespace() {
    assertThat(ProbeEnvironment.fullIdMap("         0          0 4294967295\n")).isTrue();
    assertThat(ProbeEnvironment.fullIdMap("         0       1000          1\n")).isFalse();
    assertThat(ProbeEnvironment.fullIdMap("0 0 1000\n1000 100000 65536\n")).isFalse();
  }

  @Test
  void ownV2Cgroup() {
    assertThat(ProbeEnvironment.ownV2Cgroup(
        "0::/user.slice/user-1000.slice/user@1000.service/app.slice/x.scope\n"))
        .isEqualTo("/user.slice/user-1000.slice/user@1000.service/app.slice/x.scope");
    assertThat(ProbeEnvironment.ownV2Cgroup("4:memory:/a\n1:cpu:/\n")).isNull();
    assertThat(ProbeEnvironment.ownV2Cgroup("0::/../../etc\n")).isNull();
  }

  @Test
  void cgroupVersion_andV1Controllers() throws Exception {
    assertThat(ProbeEnvironment.cgroupVersion(tmp)).isEqualTo(HostFacts.CgroupVersion.NONE);
    Files.createDirectory(tmp.resolve("memory"));
    Files.createDirectory(tmp.resolve("cpu,cpuacct"));
    Files.createDirectory(tmp.resolve("systemd"));
    assertThat(ProbeEnvironment.cgroupVersion(tmp)).isEqualTo(HostFacts.CgroupVersion.V1);
    assertThat(ProbeEnvironment.v1Controllers(tmp)).containsExactlyInAnyOrder("memory", "cpu",
        "cpuacct");
    Files.writeString(tmp.resolve("cgroup.controllers"), "cpu memory pids\n");
    assertThat(ProbeEnvironment.cgroupVersion(tmp)).isEqualTo(HostFacts.CgroupVersion.V2);
  }

  @Test
  void probe_thisHost_agreesWithProc() throws Exception {
    HostFacts facts = ProbeEnvironment.probe();
    String status = Files.readString(Path.of("/proc/self/status"));
    String uidLine = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
    assertThat(facts.uid()).isEqualTo(Integer.parseInt(uidLine.split("\\s+")[1]));
    assertThat(facts.rlimits()).containsKey("RLIMIT_NOFILE");
    assertThat(facts.seccomp()).isEqualTo(status.contains("\nSeccomp:"));
    if (!facts.root()) {
      assertThat(facts.cgroups() == HostFacts.CgroupVersion.V1 ? facts.controllers() : List.of())
          .isEmpty();
    }
  }
}
