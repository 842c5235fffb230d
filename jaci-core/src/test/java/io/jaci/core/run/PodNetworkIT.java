package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "Networking" and "Pods": {@code --net private} through the real slirp4netns and
 * the metadata service's relay for {@code --net none}, as root and as
 * nobody (65534, whose pod namespace belongs to a user namespace of its own). Each case runs
 * {@link PodNetworkProbe} in a JVM of its own so that the code under test runs as that
 * user.
 */
class PodNetworkIT {
  private static final String NOBODY = "65534";

  @TempDir static Path classpathDir;

  private static String classpath;

  @BeforeAll
  static void requireTools() throws Exception {
    for (String tool : List.of("slirp4netns", "unshare", "nsenter", "busybox", "setpriv")) {
      try {
        ToolOnPath.require(tool, tool, "PodNetworkIT");
      } catch (JaciException e) {
        if ("true".equals(System.getenv("CI"))) {
          fail("CI=true and " + e.getMessage());
        }
        Assumptions.assumeTrue(false, "skipped: " + e.getMessage());
      }
    }
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "skipped: PodNetworkIT switches to nobody, which needs root");
    classpath = readableClasspath();
  }

  @Test
  void root_outboundReachesTheHost_andAForwardedPortAnswers() throws Exception {
    Map<String, String> r = probe(false, "no-loopback");
    assertThat(r.get("interfaces")).as(r.toString()).isEqualTo("lo,tap0");
    assertThat(r.get("outbound")).isEqualTo("hello-from-host");
    assertThat(r.get("forward")).isEqualTo("pod-says-hi");
    assertThat(r.get("slirp4netns-after-close")).isEqualTo("0");
  }

  @Test
  void nobody_outboundReachesTheHost_andAForwardedPortAnswers() throws Exception {
    if (!tunOpenToAll()) {
      // scripts/install-test-deps.sh makes it 0666 as Debian's udev rules do
      String message = "/dev/net/tun is not mode 0666 here (run scripts/install-test-deps.sh)";
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true and " + message);
      }
      Assumptions.assumeTrue(false, "skipped: " + message);
    }
    Map<String, String> r = probe(true, "no-loopback");
    assertThat(r.get("interfaces")).as(r.toString()).isEqualTo("lo,tap0");
    assertThat(r.get("outbound")).isEqualTo("hello-from-host");
    assertThat(r.get("forward")).isEqualTo("pod-says-hi");
    assertThat(r.get("slirp4netns-after-close")).isEqualTo("0");
  }

  @Test
  @DisplayName("a /dev/net/tun that nobody cannot open is one line naming the fix")
  void nobody_tunDeviceClosedToUsers_isOneLineNamingTheFix() throws Exception {
    // a mount namespace in which a 0600 node of the same device covers /dev/net/tun
    Path closed = classpathDir.resolve("tun-0600");
    List<String> cover = List.of("unshare", "--mount", "sh", "-c",
        "mknod -m 0600 \"$0\" c 10 200 && mount --bind \"$0\" /dev/net/tun && exec \"$@\"",
        closed.toString());
    Map<String, String> r = probe(cover, true, "no-loopback");
    assertThat(r.get("error")).as(r.toString()).isEqualTo("/dev/net/tun cannot be opened by "
        + "this user, and slirp4netns needs it for --net private; Debian makes it mode 0666 (ask"
        + " the administrator to run chmod 0666 /dev/net/tun)");
  }

  @Test
  @DisplayName("the metadata service on the host's loopback is reached at 10.0.2.2 only when allowed")
  void metadataService_isReachedThroughTheHostLoopbackOnlyWhenAllowed() throws Exception {
    boolean asNobody = tunOpenToAll();
    assertThat(probe(asNobody, "loopback").get("metadata"))
        .isEqualTo("00000000-0000-4000-8000-000000000001");
    assertThat(probe(false, "loopback").get("metadata"))
        .isEqualTo("00000000-0000-4000-8000-000000000001");
    assertThat(probe(false, "no-loopback").get("metadata"))
        .isNotNull()
        .doesNotContain("00000000-0000-4000-8000-000000000001");
  }

  @Test
  @DisplayName("--net none: the metadata service is reached at its own URL through the relay, as root")
  void relay_root_servesTheMetadataInsideANamespaceWithOnlyLoopback() throws Exception {
    Map<String, String> r = probe(false, "relay");
    assertThat(r.get("interfaces")).as(r.toString()).isEqualTo("lo");
    assertThat(r.get("metadata")).isEqualTo("00000000-0000-4000-8000-000000000001");
    assertThat(r.get("relay-url")).startsWith("http://127.0.0.1:");
    assertThat(r.get("after-close")).isEmpty();
  }

  @Test
  @DisplayName("--net none: the metadata service is reached through the relay, as nobody")
  void relay_nobody_servesTheMetadataInsideANamespaceWithOnlyLoopback() throws Exception {
    Map<String, String> r = probe(true, "relay");
    assertThat(r.get("interfaces")).as(r.toString()).isEqualTo("lo");
    assertThat(r.get("metadata")).isEqualTo("00000000-0000-4000-8000-000000000001");
    assertThat(r.get("after-close")).isEmpty();
  }

  @Test
  void missingSlirp4netns_namesTheDebianPackage() throws Exception {
    // jaci also looks in the bin and sbin directories, so the program is hidden from the probe
    // by a mount namespace in which /dev/null covers it
    Map<String, String> r = probe(false, "no-loopback",
        ToolOnPath.require("slirp4netns", "slirp4netns", "PodNetworkIT").toString());
    assertThat(r.get("error"))
        .isEqualTo("slirp4netns not found on PATH: --net private needs it;"
            + " install the Debian package slirp4netns");
  }

  private static boolean tunOpenToAll() throws IOException {
    return Files.getPosixFilePermissions(Path.of("/dev/net/tun")).containsAll(List.of(
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE));
  }

  private static Map<String, String> probe(boolean asNobody, String mode) throws Exception {
    return probe(List.of(), asNobody, mode);
  }

  private static Map<String, String> probe(boolean asNobody, String mode, String hidden)
      throws Exception {
    return probe(List.of("unshare", "--mount", "sh", "-c",
        "mount --bind /dev/null \"$0\" && exec \"$@\"", hidden), asNobody, mode);
  }

  /** {@code prefix}: a command run as root that executes the probe's command (its arguments). */
  private static Map<String, String> probe(List<String> prefix, boolean asNobody, String mode)
      throws Exception {
    List<String> cmd = new ArrayList<>(prefix);
    if (asNobody) {
      cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath,
        PodNetworkProbe.class.getName(), mode));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(classpathDir.toFile());
    pb.environment().put("HOME", "/tmp");
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Map<String, String> result = new HashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        result.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    assertThat(p.exitValue()).as(out).isZero();
    return result;
  }

  /** This module's classes and the jars the probe needs, copied where nobody can read them. */
  private static String readableClasspath() throws IOException, URISyntaxException {
    Files.setPosixFilePermissions(classpathDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> entries = new ArrayList<>();
    for (Class<?> c : List.of(PodNetworkProbe.class, PrivateNetwork.class,
        ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
        com.fasterxml.jackson.annotation.JsonProperty.class)) {
      Path source = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path copy = classpathDir.resolve("cp" + entries.size() + (Files.isDirectory(source) ? "" : ".jar"));
      ProcessBuilder cp = new ProcessBuilder("cp", "-r", source.toString(), copy.toString());
      try {
        if (cp.start().waitFor() != 0) {
          throw new IOException("cannot copy " + source);
        }
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
      new ProcessBuilder("chmod", "-R", "a+rX", copy.toString()).start();
      entries.add(copy.toString());
    }
    return String.join(":", entries);
  }
}
