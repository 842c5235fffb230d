package io.jaci.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The two images of the appc ACE validator ({@code ace/validator.go} of the appc spec, built
 * statically by scripts/install-test-deps.sh), made by jaci's own builder. The manifests follow
 * the appc repository's {@code ace/image_manifest_main.json.in} and {@code
 * image_manifest_sidekick.json.in} and what the validator checks: working directory {@code
 * /opt/acvalidator}, {@code IN_ACE_VALIDATOR=correct}, mount point {@code database} at {@code
 * /db}, pre-start and post-stop handlers, and the app name {@code ace-validator-main} (the last
 * part of the image name).
 */
final class AceValidatorImages {
  static final String MAIN_MANIFEST = """
      {"acKind":"ImageManifest","acVersion":"0.8.11","name":"coreos.com/ace-validator-main",
       "labels":[{"name":"version","value":"0.8.11"},{"name":"os","value":"linux"},
                 {"name":"arch","value":"amd64"}],
       "app":{"exec":["/ace-validator","main"],
              "eventHandlers":[{"name":"pre-start","exec":["/ace-validator","preStart"]},
                               {"name":"post-stop","exec":["/ace-validator","postStop"]}],
              "user":"0","group":"0","workingDirectory":"/opt/acvalidator",
              "environment":[{"name":"IN_ACE_VALIDATOR","value":"correct"}],
              "mountPoints":[{"name":"database","path":"/db","readOnly":false}],
              "ports":[{"name":"www","protocol":"tcp","port":80}],
              "isolators":[{"name":"resource/memory","value":{"limit":"1G"}}]},
       "annotations":[{"name":"created","value":"2014-10-27T19:32:27.67021798Z"},
                      {"name":"authors","value":"Carly Container <carly@example.com>"},
                      {"name":"homepage","value":"https://github.com/appc/spec"},
                      {"name":"lorem","value":"ipsum"}]}
      """;

  static final String SIDEKICK_MANIFEST = """
      {"acKind":"ImageManifest","acVersion":"0.8.11","name":"coreos.com/ace-validator-sidekick",
       "labels":[{"name":"version","value":"0.8.11"},{"name":"os","value":"linux"},
                 {"name":"arch","value":"amd64"}],
       "app":{"exec":["/ace-validator","sidekick"],"user":"0","group":"0",
              "mountPoints":[{"name":"database","path":"/db","readOnly":false}]}}
      """;

  private AceValidatorImages() {}

  /** {@code DIR/ace-validator-main.aci}, built by {@code jaci build} from a layout. */
  static Path main(Path dir) throws IOException {
    return build(dir, "ace-validator-main", MAIN_MANIFEST);
  }

  /** {@code DIR/ace-validator-sidekick.aci}. */
  static Path sidekick(Path dir) throws IOException {
    return build(dir, "ace-validator-sidekick", SIDEKICK_MANIFEST);
  }

  private static Path build(Path dir, String name, String manifest) throws IOException {
    Path validator = ExternalTool.require("ace-validator");
    Path layout = dir.resolve(name + "-layout");
    Path rootfs = layout.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("opt/acvalidator"));
    Files.writeString(layout.resolve("manifest"), manifest);
    Path binary = rootfs.resolve("ace-validator");
    Files.copy(validator, binary, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path aci = dir.resolve(name + ".aci");
    JaciJar.run(dir, "build", layout, aci).assertSuccess();
    return aci;
  }
}
