package io.jaci.core.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.registry.ImageReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageLocationTest {
  @Test
  void registry_keepsHostPortRepositoryAndTag() {
    ImageLocation l = ImageLocation.parse("docker://127.0.0.1:5000/team/app:1.2");
    assertThat(l).isEqualTo(new ImageLocation.Registry(
        new ImageReference("127.0.0.1:5000", "team/app", "1.2", null)));
    assertThat(l.isAppc()).isFalse();
  }

  @Test
  void dockerArchive_withAndWithoutRepoTag() {
    assertThat(ImageLocation.parse("docker-archive:/tmp/x.tar"))
        .isEqualTo(new ImageLocation.DockerArchive(Path.of("/tmp/x.tar"), null));
    assertThat(ImageLocation.parse("docker-archive:/tmp/x.tar:example.com/app:v1"))
        .isEqualTo(new ImageLocation.DockerArchive(Path.of("/tmp/x.tar"), "example.com/app:v1"));
  }

  @Test
  void ociLayout_withAndWithoutTag() {
    assertThat(ImageLocation.parse("oci:layout"))
        .isEqualTo(new ImageLocation.OciLayout(Path.of("layout"), null));
    assertThat(ImageLocation.parse("oci:/a/b:latest"))
        .isEqualTo(new ImageLocation.OciLayout(Path.of("/a/b"), "latest"));
  }

  @Test
  void storeAndAciFile_areAppc() {
    assertThat(ImageLocation.parse("store:")).isEqualTo(new ImageLocation.Store(null));
    assertThat(ImageLocation.parse("store:example.com/app:1"))
        .isEqualTo(new ImageLocation.Store("example.com/app:1"));
    assertThat(ImageLocation.parse("out/app.aci"))
        .isEqualTo(new ImageLocation.AciFile(Path.of("out/app.aci")));
    assertThat(ImageLocation.parse("store:").isAppc()).isTrue();
    assertThat(ImageLocation.parse("app.aci").isAppc()).isTrue();
  }

  @Test
  void unknownTransportOrMissingPath_isRefusedInOneLine() {
    assertThatThrownBy(() -> ImageLocation.parse("podman:thing"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown transport");
    assertThatThrownBy(() -> ImageLocation.parse("oci:"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path is missing");
    assertThatThrownBy(() -> ImageLocation.parse("docker://app"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry host");
  }
}
