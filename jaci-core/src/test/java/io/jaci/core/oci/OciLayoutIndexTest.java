package io.jaci.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jaci.core.JaciException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "one vocabulary per concept": the layout sink reads the index it adds to with the
 * same descriptor model the sources read, so what another tool wrote there (an entry's
 * platform) stays, and a damaged entry is refused with one line.
 */
class OciLayoutIndexTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path tmp;
  private Path aci;
  private Path layout;

  @BeforeEach
  void setUp() throws Exception {
    aci = HelloAci.build(tmp);
    layout = tmp.resolve("layout");
    convertTo("one");
  }

  private void convertTo(String tag) throws JaciException {
    try (OciLayoutSink sink = OciLayoutSink.open(layout, tag)) {
      AciToOci.aciFile(aci).writeTo(sink);
    }
  }

  private JsonNode entries() throws Exception {
    return JSON.readTree(layout.resolve("index.json").toFile()).path("manifests");
  }

  @Test
  void addingATag_keepsThePlatformOfTheEntriesThere() throws Exception {
    Path index = layout.resolve("index.json");
    Files.writeString(index, Files.readString(index).replace("\"size\":",
        "\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"},\"size\":"));
    convertTo("two");
    assertThat(entries()).hasSize(2);
    assertThat(entries().get(0).path("annotations").path("org.opencontainers.image.ref.name")
        .asText()).isEqualTo("one");
    assertThat(entries().get(0).path("platform").toString())
        .isEqualTo("{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}");
    assertThat(entries().get(1).has("platform")).isFalse();
  }

  @Test
  void anEntryWithABadDigest_isRefused_andTheIndexStaysAsItWas() throws Exception {
    Path index = layout.resolve("index.json");
    String damaged = Files.readString(index).replace("sha256:", "sha256:zz");
    Files.writeString(index, damaged);
    assertThatThrownBy(() -> convertTo("two")).isInstanceOf(JaciException.class)
        .hasMessageContaining("index.json: not a readable OCI index: manifests[0]: invalid digest"
            + " \"sha256:zz").hasMessageNotContaining("\n");
    assertThat(Files.readString(index)).isEqualTo(damaged);
  }
}
