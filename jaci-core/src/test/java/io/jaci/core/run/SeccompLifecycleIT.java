package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jaci.core.spec.Isolator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A seccomp retain set must still let the runtime start the app: runc's init runs under the
 * filter between loading it and exec'ing the app, so {@link SeccompMapping#LIFECYCLE} has to
 * cover it (ace.md lets that whitelist be "the minimum set of syscalls required for app
 * life-cycle"). Runs Debian's runc on a static busybox as root, as uid 1000, with and without
 * no-new-privileges (which moves the filter's loading in runc); and checks that a call outside
 * the set kills the app with SIGSYS, as ace.md requires when there is no errno.
 */
class SeccompLifecycleIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What busybox echo itself calls (Debian 12's busybox-static), beyond the lifecycle set. */
  private static final String BUSYBOX_ECHO = "[\"getuid\", \"getgid\", \"geteuid\", \"getegid\","
      + " \"prlimit64\", \"readlink\", \"getrandom\", \"ioctl\", \"uname\", \"writev\"]";

  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"0, true", "0, false", "1000, true", "1000, false"})
  void retainSet_runcStartsTheApp_andAnythingElseIsSigsys(long uid, boolean noNewPrivileges)
      throws Exception {
    Path runc = require("runc");
    Path busybox = Path.of("/bin/busybox");
    requireRootAndStaticBusybox(busybox);

    Isolator enough = Isolator.of("os/linux/seccomp-retain-set",
        JSON.readTree("{\"set\": " + BUSYBOX_ECHO + "}"));
    Run ok = run(runc, busybox, filter(enough), uid, noNewPrivileges, "ok");
    assertThat(ok.exit).as(ok.output).isZero();
    assertThat(ok.output).isEqualTo("hello\n");

    Isolator tooFew = Isolator.of("os/linux/seccomp-retain-set",
        JSON.readTree("{\"set\": [\"getuid\"]}"));
    Run killed = run(runc, busybox, filter(tooFew), uid, noNewPrivileges, "killed");
    assertThat(killed.exit).as(killed.output).isEqualTo(128 + 31); // SIGSYS
  }

  private static IsolatorSettings.Seccomp filter(Isolator isolator) {
    List<String> notes = new ArrayList<>();
    IsolatorSettings.Seccomp s = SeccompMapping.map(isolator, notes).orElseThrow();
    assertThat(notes).isEmpty();
    return s;
  }

  private record Run(int exit, String output) {}

  private Run run(Path runc, Path busybox, IsolatorSettings.Seccomp seccomp, long uid,
      boolean noNewPrivileges, String id) throws Exception {
    Path bundle = Files.createDirectories(tmp.resolve(id + "/bundle"));
    Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
    Files.copy(busybox, bin.resolve("busybox"));
    ObjectNode config = JSON.createObjectNode();
    config.put("ociVersion", "1.0.2");
    ObjectNode process = config.putObject("process");
    process.put("terminal", false);
    process.putObject("user").put("uid", uid).put("gid", uid);
    process.putArray("args").add("/bin/busybox").add("echo").add("hello");
    process.putArray("env").add("PATH=/bin");
    process.put("cwd", "/");
    process.put("noNewPrivileges", noNewPrivileges);
    ObjectNode caps = process.putObject("capabilities");
    for (String set : List.of("bounding", "effective", "permitted")) {
      ArrayNode names = caps.putArray(set);
      Capabilities.APPC_DEFAULT.stream().sorted().forEach(names::add);
    }
    config.putObject("root").put("path", "rootfs").put("readonly", true);
    Files.createDirectories(bundle.resolve("rootfs/proc"));
    Files.createDirectories(bundle.resolve("rootfs/dev"));
    ArrayNode mounts = config.putArray("mounts");
    mounts.addObject().put("destination", "/proc").put("type", "proc").put("source", "proc");
    mounts.addObject().put("destination", "/dev").put("type", "tmpfs").put("source", "tmpfs")
        .putArray("options").add("nosuid").add("mode=755");
    ObjectNode linux = config.putObject("linux");
    ArrayNode namespaces = linux.putArray("namespaces");
    for (String ns : List.of("pid", "ipc", "uts", "mount", "network")) {
      namespaces.addObject().put("type", ns);
    }
    ObjectNode filter = linux.putObject("seccomp");
    filter.put("defaultAction", seccomp.defaultAction());
    ObjectNode rule = filter.putArray("syscalls").addObject();
    seccomp.syscalls().forEach(rule.putArray("names")::add);
    rule.put("action", seccomp.action());
    Files.writeString(bundle.resolve("config.json"), JSON.writeValueAsString(config));

    Path output = tmp.resolve(id + "/output");
    Process p = new ProcessBuilder(runc.toString(), "--root", tmp.resolve(id + "/state")
        .toString(), "run", "--bundle", bundle.toString(), "jaci-seccomp-it-" + id + "-"
        + ProcessHandle.current().pid()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("runc did not finish in 60 s: " + Files.readString(output));
    }
    return new Run(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private static Path require(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    skipOrFail(name + " is not on PATH (scripts/install-test-deps.sh installs Debian's runc)");
    return null;
  }

  private static void requireRootAndStaticBusybox(Path busybox) throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      skipOrFail("runc runs containers here only as root");
    }
    if (!Files.isRegularFile(busybox)
        || !new String(Files.readAllBytes(busybox), StandardCharsets.ISO_8859_1)
            .contains("statically linked") && !isStatic(busybox)) {
      skipOrFail("no static /bin/busybox (Debian's busybox-static)");
    }
  }

  /** A static ELF has no PT_INTERP program header, so no "/lib64/ld-linux" path in it. */
  private static boolean isStatic(Path elf) throws Exception {
    String bytes = new String(Files.readAllBytes(elf), StandardCharsets.ISO_8859_1);
    return !bytes.contains("/lib64/ld-linux") && !bytes.contains("/lib/ld-linux");
  }

  private static void skipOrFail(String message) {
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true and " + message);
    }
    Assumptions.assumeTrue(false, "skipped: " + message);
  }
}
