package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageManifestTest {

  @Test
  void builder_defaultsToCurrentSpecVersionAndEmptyParts() {
    ImageManifest m = ImageManifest.builder(AcIdentifier.parse("example.com/base")).build();
    assertThat(m.acVersion().toString()).isEqualTo("0.8.11");
    assertThat(m.labels().isEmpty()).isTrue();
    assertThat(m.app()).isEmpty();
    assertThat(m.annotations().isEmpty()).isTrue();
    assertThat(m.dependencies()).isEmpty();
    assertThat(m.pathWhitelist().isEmpty()).isTrue();
  }

  @Test
  void toBuilder_copiesAndChangesOneField() {
    ImageManifest m = ImageManifest.builder(AcIdentifier.parse("example.com/app"))
        .label("os", "linux")
        .app(App.builder().user("0").group("0").build())
        .annotation("authors", "me")
        .dependencies(List.of(Dependency.of(AcIdentifier.parse("example.com/base"))))
        .pathWhitelist(PathWhitelist.of(List.of("/bin")))
        .build();
    assertThat(m.toBuilder().build()).isEqualTo(m);
    ImageManifest renamed = m.toBuilder().name(AcIdentifier.parse("example.com/other")).build();
    assertThat(renamed.name().value()).isEqualTo("example.com/other");
    assertThat(renamed.labels()).isEqualTo(m.labels());
    assertThat(m.toBuilder().app(null).build().app()).isEmpty();
  }
}
