package io.jaci.core.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.jaci.core.spec.ManifestJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OCI config written for an ACI manifest, as exact JSON. */
class ConfigMappingTest {
  @Test
  void everyAppFieldAndTheLabels_asDockerNamesThem() throws Exception {
    String manifest = "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
        + "\"name\":\"example.com/app\",\"labels\":[{\"name\":\"os\",\"value\":\"linux\"},"
        + "{\"name\":\"arch\",\"value\":\"armv7l\"}],"
        + "\"app\":{\"exec\":[\"/bin/app\",\"-v\"],\"user\":\"www\",\"group\":\"33\","
        + "\"workingDirectory\":\"/srv\",\"environment\":[{\"name\":\"B\",\"value\":\"2\"},"
        + "{\"name\":\"A\",\"value\":\"x=y\"}],"
        + "\"mountPoints\":[{\"name\":\"data\",\"path\":\"/data\",\"readOnly\":true}],"
        + "\"ports\":[{\"name\":\"web\",\"protocol\":\"tcp\",\"port\":80,\"count\":2}],"
        + "\"userLabels\":{\"z\":\"1\",\"a\":\"2\"}},"
        + "\"annotations\":[{\"name\":\"created\",\"value\":\"2026-01-02T03:04:05Z\"},"
        + "{\"name\":\"authors\",\"value\":\"Ops <ops@example.com>\"}]}";
    OciConfig config = ConfigMapping.of(ManifestJson.parse(
        manifest.getBytes(StandardCharsets.UTF_8)))
        .withLayers(OciConfig.RootFs.of(List.of("sha256:" + "a".repeat(64))),
            List.of(new OciConfig.History(null, "jaci convert example.com/app", null)));
    assertThat(new String(OciJson.write(config), StandardCharsets.UTF_8)).isEqualTo(
        "{\"created\":\"2026-01-02T03:04:05Z\",\"author\":\"Ops <ops@example.com>\","
        + "\"architecture\":\"arm\",\"variant\":\"v7\",\"os\":\"linux\","
        + "\"config\":{\"User\":\"www:33\",\"ExposedPorts\":{\"80/tcp\":{},\"81/tcp\":{}},"
        + "\"Env\":[\"B=2\",\"A=x=y\"],\"Entrypoint\":[\"/bin/app\",\"-v\"],"
        + "\"Volumes\":{\"/data\":{}},\"WorkingDir\":\"/srv\","
        + "\"Labels\":{\"a\":\"2\",\"z\":\"1\"}},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "a".repeat(64) + "\"]},"
        + "\"history\":[{\"created_by\":\"jaci convert example.com/app\"}]}");
  }

  /** Issue 12: Docker -> ACI -> Docker keeps StopSignal, Healthcheck, OnBuild and Shell. */
  @Test
  void dockerOnlyAnnotations_item12_becomeDockersFieldsAgain() throws Exception {
    String manifest = "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
        + "\"name\":\"example.com/app\",\"app\":{\"exec\":[\"/a\"],\"user\":\"0\","
        + "\"group\":\"0\"},\"annotations\":["
        + "{\"name\":\"appc.io/docker/stopsignal\",\"value\":\"SIGUSR1\"},"
        + "{\"name\":\"appc.io/docker/healthcheck\",\"value\":"
        + "\"{\\\"Interval\\\":5000000000,\\\"Test\\\":[\\\"CMD\\\",\\\"true\\\"]}\"},"
        + "{\"name\":\"appc.io/docker/onbuild\",\"value\":\"[\\\"RUN make\\\"]\"},"
        + "{\"name\":\"appc.io/docker/shell\",\"value\":\"[\\\"/bin/bash\\\",\\\"-c\\\"]\"}]}";
    OciConfig config = ConfigMapping.of(ManifestJson.parse(
        manifest.getBytes(StandardCharsets.UTF_8))).withLayers(OciConfig.RootFs.of(List.of()),
        List.of());
    assertThat(new String(OciJson.write(config), StandardCharsets.UTF_8)).isEqualTo(
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"0:0\","
        + "\"Entrypoint\":[\"/a\"],\"StopSignal\":\"SIGUSR1\","
        + "\"Healthcheck\":{\"Interval\":5000000000,\"Test\":[\"CMD\",\"true\"]},"
        + "\"OnBuild\":[\"RUN make\"],\"Shell\":[\"/bin/bash\",\"-c\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"history\":[]}");
  }

  @Test
  void withoutAppOrLabels_onlyWhatTheSpecRequires() throws Exception {
    OciConfig config = ConfigMapping.of(ManifestJson.parse(("{\"acKind\":\"ImageManifest\","
        + "\"acVersion\":\"0.8.11\",\"name\":\"example.com/data\"}")
        .getBytes(StandardCharsets.UTF_8))).withLayers(OciConfig.RootFs.of(List.of()),
        List.of());
    assertThat(new String(OciJson.write(config), StandardCharsets.UTF_8)).isEqualTo(
        "{\"architecture\":\"amd64\",\"os\":\"linux\","
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"history\":[]}");
  }

  /**
   * Issue 14 (conversion fidelity): a converted Docker image's Entrypoint and Cmd come back
   * apart while its annotations still add up to exec, so `docker run IMAGE args` replaces Cmd.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // exec | appc.io/docker/entrypoint | appc.io/docker/cmd | Entrypoint | Cmd
      "[\"/e.sh\",\"redis\",\"-v\"]|[\"/e.sh\"]|[\"redis\",\"-v\"]|[\"/e.sh\"]|[\"redis\",\"-v\"]",
      "[\"sh\"]|[]|[\"sh\"]|null|[\"sh\"]",
      "[\"/e.sh\"]|[\"/e.sh\"]|[]|[\"/e.sh\"]|null",
      // exec patched since: the annotations no longer describe it
      "[\"/bin/other\",\"-v\"]|[\"/e.sh\"]|[\"-v\"]|[\"/bin/other\",\"-v\"]|null",
      "[\"/e.sh\",\"x\"]|[\"/e.sh\"]|[\"x\",\"y\"]|[\"/e.sh\",\"x\"]|null",
      // not arrays of strings
      "[\"/e.sh\",\"x\"]|[\"/e.sh\"]|{\"x\":1}|[\"/e.sh\",\"x\"]|null",
      "[\"/e.sh\",\"1\"]|[\"/e.sh\"]|[1]|[\"/e.sh\",\"1\"]|null",
      "[\"/e.sh\",\"x\"]|not json|[\"x\"]|[\"/e.sh\",\"x\"]|null",
  })
  void dockerEntrypointAndCmd_comeBackApartWhenTheyAddUpToExec(String exec, String entrypoint,
      String cmd, String expectedEntrypoint, String expectedCmd) throws Exception {
    String manifest = "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\","
        + "\"name\":\"example.com/app\",\"app\":{\"exec\":" + exec + ",\"user\":\"0\","
        + "\"group\":\"0\"},\"annotations\":["
        + "{\"name\":\"appc.io/docker/entrypoint\",\"value\":" + quote(entrypoint) + "},"
        + "{\"name\":\"appc.io/docker/cmd\",\"value\":" + quote(cmd) + "},"
        + "{\"name\":\"author\",\"value\":\"docker2aci's name\"}]}";
    OciConfig config = ConfigMapping.of(ManifestJson.parse(
        manifest.getBytes(StandardCharsets.UTF_8)));
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat((Object) json.valueToTree(config.config().entrypoint()))
        .isEqualTo(json.readTree(expectedEntrypoint));
    assertThat((Object) json.valueToTree(config.config().cmd())).isEqualTo(json.readTree(expectedCmd));
    assertThat(config.author()).isEqualTo("docker2aci's name");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @ParameterizedTest
  @CsvSource({"amd64,amd64,", "i386,386,", "aarch64,arm64,", "armv7l,arm,v7", "armv6l,arm,v6",
      "ppc64le,ppc64le,", "s390x,s390x,"})
  void appcArchitectures_asGoNamesThem(String appc, String arch, String variant) {
    String[] mapped = ConfigMapping.architecture(appc);
    assertThat(mapped[0]).isEqualTo(arch);
    assertThat(mapped[1]).isEqualTo(variant);
  }
}
