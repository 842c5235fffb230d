package io.jaci.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 14: one media type vocabulary for reading and writing. */
class MediaTypesTest {
  @Test
  void whatJaciWrites_isWhatItReads() {
    assertThat(MediaTypes.isManifest(MediaTypes.OCI_MANIFEST)).isTrue();
    assertThat(MediaTypes.isIndex(MediaTypes.OCI_INDEX)).isTrue();
    assertThat(MediaTypes.isLayer(MediaTypes.OCI_LAYER)).isTrue();
    assertThat(MediaTypes.isLayer(MediaTypes.OCI_LAYER_GZIP)).isTrue();
  }

  @Test
  void kinds_areApart() {
    assertThat(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST)).isTrue();
    assertThat(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST)).isTrue();
    assertThat(MediaTypes.isLayer("application/vnd.docker.image.rootfs.diff.tar.gzip")).isTrue();
    assertThat(MediaTypes.isManifest(MediaTypes.OCI_INDEX)).isFalse();
    assertThat(MediaTypes.isIndex(MediaTypes.OCI_MANIFEST)).isFalse();
    assertThat(MediaTypes.isLayer(MediaTypes.OCI_CONFIG)).isFalse();
    assertThat(MediaTypes.isManifest(MediaTypes.DOCKER_SCHEMA1_SIGNED)).isFalse();
  }

  @Test
  void unsupported_namesTheType_orSaysSchema1IsDeprecated() {
    assertThat(MediaTypes.unsupported("text/plain")).startsWith("of media type \"text/plain\"");
    assertThat(MediaTypes.unsupported("")).startsWith("of no media type");
    assertThat(MediaTypes.unsupported(MediaTypes.DOCKER_SCHEMA1)).contains("deprecated");
  }
}
