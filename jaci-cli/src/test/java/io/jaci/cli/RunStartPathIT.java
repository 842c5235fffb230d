package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, Speed: what the start of {@code jaci run} of a cached image costs beyond the
 * runtime itself. Each process started costs a few milliseconds, a library loaded through JNA
 * tens of them (and JNA runs {@code ldconfig -p}): the pod's start runs only the holder's
 * tools and the runtime, and loads no JNA. (Before the speed work it also ran {@code date},
 * {@code hostname} and {@code ldconfig}, and loaded JNA for the user ID.)
 */
class RunStartPathIT {
  /** An execve that strace saw (a failed one ends in {@code = -1 ENOENT ...}). */
  private static final Pattern EXECVE = Pattern.compile("execve\\(\"([^\"]+)\"");
  private static final Pattern FAILED = Pattern.compile("= -1 E[A-Z]+");
  /**
   * The programs a one-app pod's start may run: the holder's tools, the runtime (runc, and
   * runc init as /proc/self/exe), the app, the JVM's process helper, and sqlite-jdbc's
   * {@code uname -m} when it finds its native library itself (the launcher points it there).
   */
  private static final Set<String> EXPECTED = Set.of("setsid", "unshare", "sh", "mount", "runc",
      "exe", "true", "jspawnhelper", "java", "uname");

  @Test
  void aCachedImageStartsWithOnlyTheHolderAndTheRuntime_speed(@TempDir Path tmp)
      throws IOException {
    AsNobody.requireRoot("a pod as root needs root");
    ExternalTool.require("runc");
    Path strace = ExternalTool.require("strace");
    Path busybox = ExternalTool.require("busybox");
    Path layout = tmp.resolve("layout");
    Files.createDirectories(layout.resolve("rootfs/bin"));
    Files.copy(busybox, layout.resolve("rootfs/bin/busybox"));
    Files.createSymbolicLink(layout.resolve("rootfs/bin/true"), Path.of("busybox"));
    Files.writeString(layout.resolve("manifest"), "{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/start-path\",\"app\":{\"exec\":"
        + "[\"/bin/true\"],\"user\":\"0\",\"group\":\"0\"}}");
    Path aci = tmp.resolve("start.aci");
    Path store = tmp.resolve("store");
    JaciJar.run(tmp, "build", layout, aci).assertSuccess();
    JaciJar.run(tmp, "--store", store, "run", aci).assertSuccess(); // imports, renders the cache

    Path trace = tmp.resolve("trace");
    Path classes = tmp.resolve("classes");
    List<String> cmd = new ArrayList<>(List.of(strace.toString(), "-f", "-qq", "-e",
        "trace=execve", "-o", trace.toString()));
    List<String> jaci = JaciJar.command("--store", store, "run", "example.com/start-path");
    cmd.add(jaci.get(0));
    cmd.add("-Xlog:class+load:file=" + classes);
    cmd.addAll(jaci.subList(1, jaci.size()));
    ProcessRun.run(tmp, java.util.Map.of(), cmd).assertSuccess();

    Set<String> programs = new TreeSet<>();
    for (String line : Files.readAllLines(trace)) {
      Matcher m = EXECVE.matcher(line);
      if (m.find() && !FAILED.matcher(line).find()) {
        programs.add(Path.of(m.group(1)).getFileName().toString());
      }
    }
    assertThat(programs).as("programs a pod's start ran").isSubsetOf(EXPECTED)
        .doesNotContain("date", "hostname", "ldconfig");
    assertThat(Files.readAllLines(classes)).as("classes loaded")
        .noneMatch(l -> l.contains(" com.sun.jna."));
  }
}
