package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The reference {@code types/dependencies_test.go} round-trips a dependency without imageID. */
class DependencyTest {

  @Test
  void withoutImageId_roundTripsThroughJson() throws Exception {
    ImageManifest m = ImageManifest.builder(AcIdentifier.parse("example.com/worker"))
        .dependencies(java.util.List.of(
            Dependency.of(AcIdentifier.parse("example.com/reduce-worker-base"))))
        .build();
    byte[] json = ManifestJson.write(m);
    assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"dependencies\":[{\"imageName\":\"example.com/reduce-worker-base\"}]");
    assertThat(ManifestJson.parse(json)).isEqualTo(m);
  }

  @Test
  void rejectsNegativeSize() {
    assertThatThrownBy(() -> new Dependency(AcIdentifier.parse("a"), Optional.empty(),
        Labels.empty(), OptionalLong.of(-1)))
        .hasMessage("size: -1 must not be negative");
  }

  @Test
  void of_withLabels() {
    Dependency d = Dependency.of(AcIdentifier.parse("example.com/base"),
        Labels.of("version", "1.0", "os", "linux"));
    assertThat(d.labels().get("os")).contains("linux");
    assertThat(d.imageID()).isEmpty();
  }
}
