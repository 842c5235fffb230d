package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jaci.core.JaciException;
import io.jaci.core.spec.AcName;
import io.jaci.core.spec.Annotations;
import io.jaci.core.spec.ImageId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "Pods": the metadata service checked by the appc ACE validator's own client (Go's
 * net/http with its 100 ms timeout, the pod manifest, both apps' manifests, IDs and merged
 * annotations, HMAC sign and verify). The validator's main check runs in a chroot with the
 * files and the {@code /db} mount an executor would have made, so every problem it prints is
 * the metadata service's.
 */
class MetadataServiceAceValidatorIT {
  private static final String MAIN = """
      {"acKind":"ImageManifest","acVersion":"0.8.11","name":"coreos.com/ace-validator-main",
       "labels":[{"name":"os","value":"linux"},{"name":"arch","value":"amd64"}],
       "app":{"exec":["/ace-validator","main"],"user":"0","group":"0"},
       "annotations":[{"name":"lorem","value":"ipsum"},{"name":"owner","value":"image"}]}""";
  private static final String SIDEKICK = """
      {"acKind":"ImageManifest","acVersion":"0.8.11","name":"coreos.com/ace-validator-sidekick",
       "app":{"exec":["/ace-validator","sidekick"],"user":"0","group":"0"}}""";

  @TempDir Path tmp;

  @Test
  void theValidatorsMetadataChecksPass() throws Exception {
    Path validator = require("ace-validator");
    require("unshare");
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "skipped: mounting /db and /proc for the validator needs root");
    Path root = tmp.resolve("rootfs");
    for (String dir : List.of("opt/acvalidator", "db", "proc")) {
      Files.createDirectories(root.resolve(dir));
    }
    Files.copy(validator, root.resolve("ace-validator"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.createFile(root.resolve("prestart")); // what its pre-start handler would have made

    PodMetadata pod = new PodMetadata(UUID.randomUUID(),
        Annotations.empty().with("ip-address", "10.1.2.3"),
        List.of(
            new AppMetadata(AcName.parse("ace-validator-main"), MAIN,
                Optional.of(ImageId.parse("sha512-" + "1".repeat(128))),
                Annotations.empty().with("owner", "pod")),
            new AppMetadata(AcName.parse("ace-validator-sidekick"), SIDEKICK,
                Optional.of(ImageId.parse("sha512-" + "2".repeat(128))), Annotations.empty())));
    try (MetadataService service = MetadataService.start(pod, PodHmacKey.generate())) {
      String script = "mount -t tmpfs db \"$R/db\" && mount -t proc proc \"$R/proc\""
          + " && touch \"$R/db/sidekick\""
          + " && exec unshare --root=\"$R\" --wd=/opt/acvalidator /ace-validator main";
      ProcessBuilder pb = new ProcessBuilder("unshare", "--mount", "--fork", "sh", "-c", script)
          .redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().putAll(java.util.Map.of(
          "R", root.toString(),
          "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "AC_APP_NAME", "ace-validator-main",
          "IN_ACE_VALIDATOR", "correct",
          "AC_METADATA_URL", service.url()));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(out).as(out).startsWith("main OK\n");
      assertThat(p.exitValue()).as(out).isZero();
    }
  }

  private static Path require(String tool) {
    try {
      return ToolOnPath.require(tool, tool, "MetadataServiceAceValidatorIT");
    } catch (JaciException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true and " + e.getMessage() + " (scripts/install-test-deps.sh builds it)");
      }
      Assumptions.assumeTrue(false, "skipped: " + e.getMessage());
      throw new AssertionError(e);
    }
  }
}
