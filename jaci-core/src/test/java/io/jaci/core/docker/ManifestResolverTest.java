package io.jaci.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.JaciException;
import io.jaci.core.image.Descriptor;
import io.jaci.core.image.MediaTypes;
import io.jaci.core.image.Platform;
import io.jaci.core.registry.Digest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestResolverTest {
  private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

  private final Map<Digest, ManifestResolver.Document> blobs = new HashMap<>();

  private Descriptor put(String json, String mediaType, Platform platform) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Digest d = Digest.sha256(bytes);
    blobs.put(d, new ManifestResolver.Document(bytes, mediaType));
    return new Descriptor(mediaType, d, bytes.length, platform, null);
  }

  private static String manifest(String configJsonSeed) {
    return "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config"
        + ".v1+json\",\"digest\":\"" + Digest.sha256(configJsonSeed.getBytes(
            StandardCharsets.UTF_8)) + "\",\"size\":2},\"layers\":[{\"mediaType\":\"" + LAYER
        + "\",\"digest\":\"" + Digest.sha256(new byte[0]) + "\",\"size\":0}]}";
  }

  private static String index(Descriptor... entries) {
    StringBuilder b = new StringBuilder("{\"schemaVersion\":2,\"manifests\":[");
    for (int i = 0; i < entries.length; i++) {
      Descriptor d = entries[i];
      b.append(i > 0 ? "," : "").append("{\"mediaType\":\"").append(d.mediaType())
          .append("\",\"digest\":\"").append(d.digest()).append("\",\"size\":").append(d.size());
      if (d.platform() != null) {
        b.append(",\"platform\":{\"os\":\"").append(d.platform().os())
            .append("\",\"architecture\":\"").append(d.platform().architecture()).append('"');
        if (!d.platform().variant().isEmpty()) {
          b.append(",\"variant\":\"").append(d.platform().variant()).append('"');
        }
        b.append('}');
      }
      b.append('}');
    }
    return b.append("]}").toString();
  }

  private ManifestDocuments.Manifest resolve(String top, String mediaType, String platform)
      throws JaciException {
    return new ManifestResolver(Platform.parse(platform), d -> blobs.get(d.digest()))
        .resolve(new ManifestResolver.Document(top.getBytes(StandardCharsets.UTF_8), mediaType),
            "test");
  }

  private Descriptor amd64;
  private Descriptor arm64;
  private Descriptor armv7;

  private String threePlatforms() {
    amd64 = put(manifest("amd64"), MediaTypes.OCI_MANIFEST, Platform.parse("linux/amd64"));
    arm64 = put(manifest("arm64"), MediaTypes.DOCKER_MANIFEST, Platform.parse("linux/arm64/v8"));
    armv7 = put(manifest("armv7"), MediaTypes.OCI_MANIFEST, Platform.parse("linux/arm/v7"));
    Descriptor attestation = put(manifest("att"), MediaTypes.OCI_MANIFEST,
        new Platform("unknown", "unknown", ""));
    return index(attestation, amd64, arm64, armv7);
  }

  @Test
  void index_picksThePlatform() throws Exception {
    String index = threePlatforms();
    assertThat(resolve(index, MediaTypes.OCI_INDEX, "linux/amd64").config().digest())
        .isEqualTo(Digest.sha256("amd64".getBytes(StandardCharsets.UTF_8)));
    assertThat(resolve(index, MediaTypes.DOCKER_MANIFEST_LIST, "linux/arm64").config().digest())
        .isEqualTo(Digest.sha256("arm64".getBytes(StandardCharsets.UTF_8)));
    assertThat(resolve(index, "", "linux/arm/v7").config().digest())
        .isEqualTo(Digest.sha256("armv7".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void missingPlatform_namesTheOnesThereAre() {
    String index = threePlatforms();
    assertThatThrownBy(() -> resolve(index, MediaTypes.OCI_INDEX, "linux/s390x"))
        .isInstanceOf(JaciException.class)
        .hasMessage("test has no image for linux/s390x; it has linux/amd64, linux/arm64/v8,"
            + " linux/arm/v7 (choose one with --platform)");
  }

  @Test
  void nestedIndex_isFollowed() throws Exception {
    Descriptor inner = put(threePlatforms(), MediaTypes.OCI_INDEX, null);
    assertThat(resolve(index(inner), MediaTypes.OCI_INDEX, "linux/arm64").config().digest())
        .isEqualTo(Digest.sha256("arm64".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void unknownMediaType_andSchema1_areRefused() {
    assertThatThrownBy(() -> resolve("{}", "application/vnd.example+json", "linux/amd64"))
        .hasMessageContaining("test is of media type \"application/vnd.example+json\", which"
            + " is no image manifest or index jaci knows");
    assertThatThrownBy(() -> resolve("{\"schemaVersion\":1}", MediaTypes.DOCKER_SCHEMA1_SIGNED,
        "linux/amd64")).hasMessageContaining("Docker schema 1");
  }

  @Test
  void unknownLayerType_isRefused() {
    String m = manifest("x").replace(LAYER, "application/vnd.example.layer");
    assertThatThrownBy(() -> resolve(m, MediaTypes.OCI_MANIFEST, "linux/amd64"))
        .hasMessageContaining("layers[0] is of media type \"application/vnd.example.layer\"");
  }

  @Test
  void platformParsing() {
    assertThat(Platform.parse("linux/arm/v7")).isEqualTo(new Platform("linux", "arm", "v7"));
    assertThatThrownBy(() -> Platform.parse("amd64")).hasMessageContaining("OS/ARCH");
    assertThat(Platform.parse("linux/arm64/v8").accepts(new Platform("linux", "arm64", "")))
        .isTrue();
    assertThat(Platform.parse("linux/arm").accepts(new Platform("linux", "arm", "v6"))).isTrue();
    assertThat(Platform.parse("linux/arm/v7").accepts(new Platform("linux", "arm", "v6")))
        .isFalse();
    assertThat(List.of("amd64", "arm64", "386", "arm", "ppc64le", "s390x"))
        .contains(Platform.current().architecture());
  }
}
