package io.jaci.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.registry.Digest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "one vocabulary per concept": the one descriptor model that the sources read and
 * the sinks write. The JSON texts are written by hand after the OCI image specification's
 * descriptor examples.
 */
class DescriptorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEX =
      "9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0";
  private static final Digest DIGEST = Digest.parse("sha256:" + HEX);

  @Test
  void write_givesTheSpecsFieldOrder_andLeavesOutWhatIsEmpty() throws Exception {
    assertThat(JSON.writeValueAsString(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, DIGEST, 32654)))
        .isEqualTo("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
            + "\"digest\":\"sha256:" + HEX + "\",\"size\":32654}");
    Descriptor entry = new Descriptor(MediaTypes.OCI_MANIFEST, DIGEST, 7143,
        new Platform("linux", "arm64", "v8"), Map.of(Descriptor.REF_NAME, "1.0"));
    assertThat(JSON.writeValueAsString(entry))
        .isEqualTo("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"digest\":\"sha256:" + HEX + "\",\"size\":7143,"
            + "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"},"
            + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0\"}}");
    assertThat(JSON.writeValueAsString(new Platform("linux", "amd64", "")))
        .isEqualTo("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
  }

  @Test
  void read_takesWhatASourceGives_andIgnoresTheRest() throws Exception {
    Descriptor d = Descriptor.read(JSON.readTree("{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
        + "\",\"digest\":\"sha256:" + HEX + "\",\"size\":7143,\"urls\":[\"x\"],"
        + "\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"},"
        + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0\",\"n\":1}}"));
    assertThat(d).isEqualTo(new Descriptor(MediaTypes.OCI_MANIFEST, DIGEST, 7143,
        new Platform("linux", "arm", "v7"), Map.of(Descriptor.REF_NAME, "1.0")));
    assertThat(d.refName()).isEqualTo("1.0");
    assertThat(Descriptor.read(JSON.readTree("{\"digest\":\"sha256:" + HEX + "\",\"size\":0}")))
        .isEqualTo(Descriptor.of("", DIGEST, 0));
  }

  @Test
  void readAndWrite_areOneModel_aWrittenDescriptorReadsBackEqual() throws Exception {
    Descriptor entry = new Descriptor(MediaTypes.DOCKER_MANIFEST, DIGEST, 1,
        new Platform("linux", "386", ""), Map.of("a", "b"));
    byte[] written = JSON.writeValueAsBytes(entry);
    assertThat(Descriptor.read(JSON.readTree(written))).isEqualTo(entry);
  }

  @Test
  void read_refusesWhatIsNoDescriptor_sayingWhy() throws Exception {
    assertThatThrownBy(() -> Descriptor.read(JSON.readTree("[1]")))
        .hasMessage("not a descriptor (mediaType, digest, size)");
    assertThatThrownBy(() -> Descriptor.read(JSON.readTree("{\"digest\":1,\"size\":1}")))
        .hasMessage("not a descriptor (mediaType, digest, size)");
    assertThatThrownBy(() -> Descriptor.read(JSON.readTree("{\"digest\":\"md5:00\",\"size\":1}")))
        .hasMessageStartingWith("invalid digest \"md5:00\"");
    assertThatThrownBy(() -> Descriptor.read(JSON.readTree("{\"digest\":\"sha256:" + HEX
        + "\",\"size\":-2}"))).hasMessage("no valid \"size\"");
    assertThatThrownBy(() -> Descriptor.read(JSON.readTree("{\"digest\":\"sha256:" + HEX
        + "\"}"))).hasMessage("no valid \"size\"");
  }

  @Test
  void constructor_refusesANegativeSize_andKeepsNoNullAnnotations() {
    assertThatThrownBy(() -> Descriptor.of("x", DIGEST, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size -1");
    assertThat(Descriptor.of("x", DIGEST, 0).annotations()).isEmpty();
    assertThat(Descriptor.of("x", DIGEST, 0).tagged("v1").annotations())
        .isEqualTo(Map.of(Descriptor.REF_NAME, "v1"));
  }
}
