package io.jaci.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.registry.Digest;
import io.jaci.core.spec.Annotations;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 (found by DockerfileBuildahIT): {@code jaci convert} of a Docker image keeps
 * StopSignal, Healthcheck, OnBuild and Shell in the annotations {@code jaci dockerfile} writes
 * for STOPSIGNAL, HEALTHCHECK, ONBUILD and SHELL (values as buildah's Docker config has them).
 */
class DockerConfigAnnotationsTest {
  /** What buildah 1.28 writes for the run and stages cases of DockerfileBuildahIT. */
  private static final String CONFIG = "{\"os\":\"linux\",\"architecture\":\"amd64\","
      + "\"config\":{\"Cmd\":[\"x\"],\"StopSignal\":\"SIGUSR1\",\"Shell\":[\"/bin/sh\",\"-ec\"],"
      + "\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"cat /bound.txt\"],"
      + "\"Interval\":5000000000,\"Retries\":2},"
      + "\"OnBuild\":[\"RUN id -u > onbuild.txt\",\"ENV FROM_ONBUILD=yes\"]}}";

  private static Annotations converted(String json) throws JaciException {
    ImageConfig c = ImageConfig.parse(json.getBytes(StandardCharsets.UTF_8), "config");
    return new AppcMapping().annotations(c, new ImageOrigin("", "app", null),
        Digest.sha256(new byte[] {1}));
  }

  @Test
  void convert_item12_keepsStopSignalHealthcheckOnBuildShell() throws Exception {
    Annotations a = converted(CONFIG);
    assertThat(a.get("appc.io/docker/stopsignal")).contains("SIGUSR1");
    assertThat(a.get("appc.io/docker/healthcheck"))
        .contains("{\"Interval\":5000000000,\"Retries\":2,\"Test\":[\"CMD-SHELL\",\"cat /bound.txt\"]}");
    assertThat(a.get("appc.io/docker/onbuild"))
        .contains("[\"RUN id -u > onbuild.txt\",\"ENV FROM_ONBUILD=yes\"]");
    assertThat(a.get("appc.io/docker/shell")).contains("[\"/bin/sh\",\"-ec\"]");
    // and back: what ACI -> OCI/Docker reads from them
    DockerConfigAnnotations back = DockerConfigAnnotations.of(a);
    assertThat(back.stopSignal()).isEqualTo("SIGUSR1");
    assertThat(back.healthcheck().toMap()).isEqualTo(Map.of("Interval", 5000000000L,
        "Retries", 2L, "Test", java.util.List.of("CMD-SHELL", "cat /bound.txt")));
    assertThat(back.onBuild()).containsExactly("RUN id -u > onbuild.txt", "ENV FROM_ONBUILD=yes");
    assertThat(back.shell()).containsExactly("/bin/sh", "-ec");
  }

  @Test
  void convert_item12_noneSetOrDefaults_noAnnotations() throws Exception {
    Annotations a = converted("{\"config\":{\"StopSignal\":\"\",\"Shell\":[\"/bin/sh\",\"-c\"],"
        + "\"OnBuild\":null,\"Healthcheck\":{\"Test\":[\"NONE\"],\"Interval\":0}}}");
    assertThat(a.get("appc.io/docker/stopsignal")).isEmpty();
    assertThat(a.get("appc.io/docker/shell")).isEmpty(); // Docker's default, same as none
    assertThat(a.get("appc.io/docker/onbuild")).isEmpty();
    assertThat(a.get("appc.io/docker/healthcheck")).contains("{\"Test\":[\"NONE\"]}");
  }

  @Test
  void convert_item12_hostileFields_oneClearLine() {
    for (String bad : new String[] {"\"Healthcheck\":\"x\"", "\"Healthcheck\":{\"Test\":\"x\"}",
        "\"Healthcheck\":{\"Interval\":-1}", "\"Healthcheck\":{\"Retries\":1.5}",
        "\"OnBuild\":{}", "\"Shell\":[1]"}) {
      assertThatThrownBy(() -> converted("{\"config\":{" + bad + "}}"))
          .as(bad).isInstanceOf(JaciException.class)
          .hasMessageStartingWith("config: config.")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void fromAciAnnotations_item12_valuesNotWrittenByJaciAreIgnored() {
    Annotations a = Annotations.empty().with("appc.io/docker/healthcheck", "{not json")
        .with("appc.io/docker/onbuild", "{\"a\":1}").with("appc.io/docker/shell", "[1,2]")
        .with("appc.io/docker/stopsignal", "SIGTERM");
    DockerConfigAnnotations d = DockerConfigAnnotations.of(a);
    assertThat(d).isEqualTo(new DockerConfigAnnotations("SIGTERM", null,
        java.util.List.of(), java.util.List.of()));
  }
}
