package io.jaci.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathWhitelistTest {

  @Test
  void of_keepsOrderAndAnswersContains() {
    PathWhitelist w = PathWhitelist.of(List.of("/bin/sh", "/etc", "/"));
    assertThat(w.asList()).containsExactly("/bin/sh", "/etc", "/");
    assertThat(w.contains("/etc")).isTrue();
    assertThat(w.contains("/etc/passwd")).isFalse();
    assertThat(w.isEmpty()).isFalse();
  }

  @Test
  void of_rejectsEveryRelativePath() {
    assertThatThrownBy(() -> PathWhitelist.of(List.of("/ok", "bin/sh", "", "/fine", "etc")))
        .hasMessage("[1]: \"bin/sh\" must be an absolute path; [2]: \"\" must be an absolute path;"
            + " [4]: \"etc\" must be an absolute path");
  }

  @Test
  void empty_keepsEverything() {
    assertThat(PathWhitelist.of(List.of())).isEqualTo(PathWhitelist.empty());
    assertThat(PathWhitelist.empty().isEmpty()).isTrue();
  }
}
