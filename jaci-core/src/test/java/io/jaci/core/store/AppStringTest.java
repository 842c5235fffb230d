package io.jaci.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jaci.core.spec.Labels;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppStringTest {
  @Test
  void parse_nameVersionAndLabels() {
    AppString a = AppString.parse("example.com/postgres:9.3.6,os=linux,arch=amd64");
    assertThat(a.name().value()).isEqualTo("example.com/postgres");
    assertThat(a.version()).contains("9.3.6");
    assertThat(a.labels()).isEqualTo(Labels.of("os", "linux", "arch", "amd64"));
    assertThat(a.requiredLabels())
        .isEqualTo(Labels.of("os", "linux", "arch", "amd64", "version", "9.3.6"));
  }

  @Test
  void parse_nameOnly_andVersionAsALabel() {
    assertThat(AppString.parse("example.com/a"))
        .isEqualTo(new AppString(io.jaci.core.spec.AcIdentifier.parse("example.com/a"),
            Optional.empty(), Labels.empty()));
    assertThat(AppString.parse("example.com/a,version=1.0").version()).contains("1.0");
  }

  @Test
  void parse_rejectsBadInput_namingIt() {
    assertThatThrownBy(() -> AppString.parse("Example.com/a"))
        .hasMessageContaining("\"Example.com/a\"");
    assertThatThrownBy(() -> AppString.parse("example.com/a:"))
        .hasMessageContaining("empty version");
    assertThatThrownBy(() -> AppString.parse("example.com/a,os"))
        .hasMessageContaining("\"os\" is not label=value");
    assertThatThrownBy(() -> AppString.parse("example.com/a:1,version=2"))
        .hasMessageContaining("version is given twice");
    assertThatThrownBy(() -> AppString.parse("example.com/a,os=plan9"))
        .hasMessageContaining("example.com/a,os=plan9");
  }
}
